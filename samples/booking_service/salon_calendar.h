// The salon's calendar: dates and times of day as the booking service reads and writes
// them ("2025-12-31", "10:00"), opening hours per date (every day the same, with special
// dates such as 31 Dec and 1 Jan), and "now" in the salon's time zone, Europe/Moscow.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lumi {

using Date = std::chrono::year_month_day;

// Parses exactly "YYYY-MM-DD" naming a real day; nullopt otherwise.
std::optional<Date> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(const Date& date);
// Parses exactly "HH:MM" (00:00–23:59) into minutes since midnight; nullopt otherwise.
std::optional<int> ParseClockTime(std::string_view text);
std::string FormatClockTime(int minute_of_day);
bool IsWeekend(const Date& date);
Date AddDays(const Date& date, int days);

// Opening hours of one day, in minutes since midnight.
struct DayHours {
  bool closed = false;
  int open_min = 0;
  int close_min = 0;
};

// Hours that differ from the usual on one date of every year (31 Dec, 1 Jan).
struct SpecialDay {
  unsigned month = 0;
  unsigned day = 0;
  DayHours hours;
};

// The salon's opening hours. Immutable after construction; safe for concurrent use.
class SalonCalendar {
 public:
  SalonCalendar(DayHours usual, std::vector<SpecialDay> special_days)
      : usual_(usual), special_days_(std::move(special_days)) {}

  // The hours on date: a special day's when one matches, else the usual.
  DayHours HoursOn(const Date& date) const;

 private:
  DayHours usual_;
  std::vector<SpecialDay> special_days_;
};

// A moment on the salon's wall clock.
struct LocalNow {
  Date date;
  int minute_of_day = 0;
};

// Where the booking service learns the time: real Moscow time, or a frozen day.
// The function must be safe to call from several threads at once.
using NowFunction = std::function<LocalNow()>;

// Real time in Europe/Moscow (UTC+3 all year, no daylight saving since 2014).
LocalNow MoscowNow();

}  // namespace lumi
