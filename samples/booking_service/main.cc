// lumi_booking_service: Studio Lumi's sample booking system. Loads the seed file, then
// serves the booking API until SIGTERM or SIGINT. A real salon runs its own system
// instead and points the bot's booking base URL at it.
#include <httplib.h>

#include <iostream>

#include "booking_service/booking_seed.h"
#include "booking_service/booking_server.h"
#include "booking_service/idempotency_cache.h"
#include "booking_service/booking_store.h"
#include "common/sample_options.h"
#include "common/sample_server.h"

namespace {

constexpr int kDefaultPort = 8091;

}  // namespace

int main(int argc, char** argv) {
  lumi::SampleOptions options;
  options.port = kDefaultPort;
  options.seed_path = LUMI_BOOKING_DEFAULT_SEED;
  if (auto error = lumi::ParseSampleOptions(argc, argv, /*accepts_today=*/true, &options)) {
    std::cerr << *error << "\n" << lumi::SampleUsage(argv[0], true, kDefaultPort);
    return 2;
  }
  if (options.help) {
    std::cout << lumi::SampleUsage(argv[0], true, kDefaultPort);
    return 0;
  }

  lumi::NowFunction now = lumi::MoscowNow;
  if (!options.today.empty()) {
    std::optional<lumi::Date> today = lumi::ParseIsoDate(options.today);
    if (!today) {
      std::cerr << "bad --today: " << options.today << " (expected YYYY-MM-DD)\n";
      return 2;
    }
    // The start of that day: every slot of it is still ahead.
    now = [day = *today] { return lumi::LocalNow{day, 0}; };
  }

  lumi::BookingSeed seed;
  if (auto error = lumi::LoadBookingSeed(options.seed_path, now().date, &seed)) {
    std::cerr << *error << "\n";
    return 2;
  }
  lumi::BookingStore store(std::move(seed.catalogue), now);
  for (const lumi::Booking& booking : seed.bookings) {
    lumi::Outcome<lumi::Booking> added = store.AddSeedBooking(booking);
    if (!added.ok()) {
      std::cerr << options.seed_path << ": booking " << booking.id << ": "
                << added.error().code << " " << added.error().field << "\n";
      return 2;
    }
  }

  httplib::Server server;
  lumi::InstallCommonHandlers(server, options);
  lumi::IdempotencyCache answers;
  lumi::AddBookingRoutes(server, store, answers);
  return lumi::ServeUntilSignal(server, options);
}
