// Dates, times of day and opening hours of the salon.
#include "booking_service/salon_calendar.h"

#include <cctype>
#include <cstdio>

namespace lumi {
namespace {

// Reads exactly `width` digits at text[pos...]; -1 if any is not a digit.
int Digits(std::string_view text, size_t pos, size_t width) {
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

constexpr int kMoscowUtcOffsetMin = 3 * 60;

}  // namespace

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = Digits(text, 0, 4);
  int month = Digits(text, 5, 2);
  int day = Digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return std::nullopt;
  Date date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
            std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string FormatIsoDate(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::optional<int> ParseClockTime(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  int hour = Digits(text, 0, 2);
  int minute = Digits(text, 3, 2);
  if (hour < 0 || minute < 0 || hour > 23 || minute > 59) return std::nullopt;
  return hour * 60 + minute;
}

std::string FormatClockTime(int minute_of_day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
  return buffer;
}

bool IsWeekend(const Date& date) {
  std::chrono::weekday weekday{std::chrono::sys_days(date)};
  return weekday == std::chrono::Saturday || weekday == std::chrono::Sunday;
}

Date AddDays(const Date& date, int days) {
  return Date(std::chrono::sys_days(date) + std::chrono::days(days));
}

DayHours SalonCalendar::HoursOn(const Date& date) const {
  for (const SpecialDay& special : special_days_) {
    if (static_cast<unsigned>(date.month()) == special.month &&
        static_cast<unsigned>(date.day()) == special.day) {
      return special.hours;
    }
  }
  return usual_;
}

LocalNow MoscowNow() {
  using namespace std::chrono;
  auto local = floor<minutes>(system_clock::now()) + minutes(kMoscowUtcOffsetMin);
  auto day = floor<days>(local);
  return LocalNow{Date(day), static_cast<int>((local - day).count())};
}

}  // namespace lumi
