// Reading the booking service's seed file (seed.json next to this file): services,
// masters, opening hours and pre-made bookings. The format is documented in
// samples/README.md; bookings give a fixed "date" or a "day_offset" from today.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "booking_service/booking_store.h"
#include "booking_service/salon_calendar.h"

namespace lumi {

struct BookingSeed {
  SalonCatalogue catalogue;
  std::vector<Booking> bookings;  // dates already resolved against today
};

// Reads and checks the file at path; day offsets count from today. On success fills
// *seed and returns nullopt; otherwise returns a message naming the file and the fault.
std::optional<std::string> LoadBookingSeed(const std::string& path, const Date& today,
                                           BookingSeed* seed);

}  // namespace lumi
