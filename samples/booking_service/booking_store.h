// The sample booking system's data and rules: the salon's services and masters, which
// start times of a day are free for a service (on the hour, the whole visit inside the
// opening hours, not overlapping the master's other bookings), and creating, finding and
// cancelling bookings. State lives in memory; nothing is written back to the seed file.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "booking_service/salon_calendar.h"
#include "common/api_error.h"

namespace lumi {

// "b-1001", "B 1001", "b1001", "1001" -> "B-1001"; other text as it is.
std::string NormalizeBookingId(const std::string& text);

struct SalonService {
  std::string id;       // "manicure"
  std::string name_ru;  // "Маникюр"
  std::string name_en;  // "Manicure"
  int price = 0;        // roubles
  bool price_from = false;     // price is "from" (colouring)
  int duration_min = 60;
  bool weekends_only = false;  // children's haircuts: Saturday and Sunday only
};

struct Master {
  std::string id;  // "anna"
  std::string name_ru;
  std::string name_en;
  std::vector<std::string> services;  // ids of the services the master does
};

// Everything the seed file defines apart from bookings.
struct SalonCatalogue {
  std::vector<SalonService> services;
  std::vector<Master> masters;
  SalonCalendar calendar{DayHours{false, 10 * 60, 21 * 60}, {}};
};

struct Booking {
  std::string id;  // "B-1001"
  std::string service;
  std::string master;
  std::string date;  // "2025-12-30"
  std::string time;  // "12:00"
  std::string name;
  std::string phone;  // "+79161234567"
  bool cancelled = false;
};

// What a customer asks for; master may be "any".
struct BookingRequest {
  std::string service;
  std::string master;
  std::string date;
  std::string time;
  std::string name;
  std::string phone;
};

// The free start times of one day.
struct DaySlots {
  std::string date;
  bool closed = false;              // the salon is closed that day (1 Jan)
  std::vector<std::string> slots;  // "10:00", "11:00", ... in order
};

// A BookingStore is safe for concurrent use by multiple threads: one mutex guards the
// bookings; the catalogue is immutable.
class BookingStore {
 public:
  // now tells the store what "today" is; it must be callable from any thread.
  BookingStore(SalonCatalogue catalogue, NowFunction now);
  BookingStore(const BookingStore&) = delete;  // owns a mutex; shared by reference
  BookingStore& operator=(const BookingStore&) = delete;

  const std::vector<SalonService>& Services() const { return catalogue_.services; }

  // All masters, or with service_id those who do that service.
  // 404 unknown_service when service_id names no service.
  Outcome<std::vector<Master>> Masters(const std::optional<std::string>& service_id) const;

  // Free start times on date for service with master (an id or "any": free when any
  // suitable master is). Errors: 400 bad_date, 400 past_date, 400 invalid/master (the
  // master does not do the service), 404 unknown_service, 404 unknown_master.
  Outcome<DaySlots> FreeSlots(const std::string& date, const std::string& service_id,
                              const std::string& master_id) const;

  // Books the slot; with master "any" assigns a free suitable master. Errors: 400
  // invalid/<field>, 400 past_date, 404 unknown_service, 404 unknown_master,
  // 409 slot_unavailable (not a start time the salon offers), 409 slot_taken.
  Outcome<Booking> Book(const BookingRequest& request);

  // Adds a booking from the seed file as it stands (any date, fixed id), checking only
  // that it names a known service and master and overlaps nothing. Errors as Book().
  Outcome<Booking> AddSeedBooking(const Booking& booking);

  // 404 not_found for an unknown id. Ids are read as NormalizeBookingId does.
  Outcome<Booking> Find(const std::string& id) const;
  // Marks the booking cancelled, freeing its slot; cancelling twice is not an error.
  // 404 not_found for an unknown id.
  Outcome<Booking> Cancel(const std::string& id);

  // A customer's own booking: found only when `phone` (in any accepted format) is the
  // booking's, so that a number alone shows nobody else's visit. Errors: 400
  // invalid/phone, 404 not_found (no such id, or another phone).
  Outcome<Booking> FindFor(const std::string& id, const std::string& phone) const;
  // The confirmed bookings of `phone` from today on, soonest first. 400 invalid/phone.
  Outcome<std::vector<Booking>> ListFor(const std::string& phone) const;
  // Cancel() for the booking's own phone only; errors as FindFor.
  Outcome<Booking> CancelFor(const std::string& id, const std::string& phone);
  // Moves the booking's own phone's booking to another date and time with the same
  // service and master. Errors as FindFor, and 409 booking_cancelled, 400 invalid/date,
  // 400 invalid/time, 400 past_date, 409 slot_unavailable, 409 slot_taken.
  Outcome<Booking> Move(const std::string& id, const std::string& phone,
                        const std::string& date, const std::string& time);

 private:
  const SalonService* FindService(const std::string& id) const;
  const Master* FindMaster(const std::string& id) const;
  static bool Does(const Master& master, const std::string& service_id);
  // The masters the request may use: the named one, or every suitable one for "any".
  Outcome<std::vector<const Master*>> Candidates(const SalonService& service,
                                                 const std::string& master_id) const;
  // Whether [start, start + duration) on date is free for master, the booking
  // `except_id` (being moved) not counted. Requires mutex_.
  bool IsFreeLocked(const std::string& master_id, const std::string& date, int start_min,
                    int duration_min, const std::string& except_id = "") const;
  // The key in bookings_ of the booking with this id and phone. Requires mutex_.
  Outcome<std::string> OwnedIdLocked(const std::string& id, const std::string& phone) const;
  // Whether the salon offers start_min on date for service (hours, weekends, now).
  bool IsOfferedStart(const SalonService& service, const Date& date, int start_min) const;

  const SalonCatalogue catalogue_;
  const NowFunction now_;

  mutable std::mutex mutex_;
  std::map<std::string, Booking> bookings_;  // by id; guarded by mutex_
  int next_number_ = 1001;                   // guarded by mutex_
};

}  // namespace lumi
