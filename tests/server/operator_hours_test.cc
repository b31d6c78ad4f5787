// Operators' hours: whether operators work at a moment, when they start next, and
// how a customer is told.
#include <doctest/doctest.h>

#include "server/console/operator_hours.h"

namespace switchboard::server {
namespace {

// Moscow (UTC+3): Mon-Fri 09:00-20:00, Sat 10:00-18:00, Sunday closed.
OperatorHours Lumi() {
  OperatorHours h;
  h.configured = true;
  h.utc_offset_minutes = 180;
  for (int d = 0; d < 5; ++d) {
    h.open[d] = 9 * 60;
    h.close[d] = 20 * 60;
  }
  h.open[5] = 10 * 60;
  h.close[5] = 18 * 60;
  return h;
}

// 2024-01-01 was a Monday; 00:00 UTC.
constexpr int64_t kMonday = 1704067200000;
constexpr int64_t kHour = 3600 * 1000;

TEST_CASE("Operators work inside the day's hours in their time zone") {
  OperatorHours h = Lumi();
  CHECK(OperatorsWorkAt(h, kMonday + 6 * kHour));        // 09:00 Moscow
  CHECK_FALSE(OperatorsWorkAt(h, kMonday + 5 * kHour));  // 08:00
  CHECK_FALSE(OperatorsWorkAt(h, kMonday + 17 * kHour)); // 20:00
  CHECK_FALSE(OperatorsWorkAt(h, kMonday + 6 * 24 * kHour + 10 * kHour));  // Sunday 13:00
  CHECK(OperatorsWorkAt(OperatorHours{}, kMonday));      // no hours: always
}

TEST_CASE("The next start is today, tomorrow or after a closed day") {
  OperatorHours h = Lumi();
  CHECK(NextOperatorsStart(h, kMonday) == kMonday + 6 * kHour);  // 03:00 -> 09:00 today
  CHECK(DescribeStart(h, kMonday, kMonday + 6 * kHour, "ru") == "сегодня в 09:00");
  int64_t monday_night = kMonday + 18 * kHour;  // 21:00 Moscow
  CHECK(NextOperatorsStart(h, monday_night) == kMonday + 24 * kHour + 6 * kHour);
  CHECK(DescribeStart(h, monday_night, kMonday + 30 * kHour, "en") == "tomorrow at 09:00");
  int64_t saturday_night = kMonday + 5 * 24 * kHour + 16 * kHour;  // Sat 19:00
  int64_t next = NextOperatorsStart(h, saturday_night);
  CHECK(next == kMonday + 7 * 24 * kHour + 6 * kHour);  // Monday 09:00, Sunday is closed
  CHECK(DescribeStart(h, saturday_night, next, "ru") == "в понедельник в 09:00");
  CHECK(NextOperatorsStart(h, kMonday + 7 * kHour) == kMonday + 7 * kHour);  // working now
  OperatorHours never;
  never.configured = true;
  CHECK(NextOperatorsStart(never, kMonday) == -1);
}

}  // namespace
}  // namespace switchboard::server
