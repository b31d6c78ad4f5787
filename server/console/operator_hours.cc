// Operators' hours (see operator_hours.h). Times are shifted by the configured UTC
// offset and then read as days and minutes since the Unix epoch, a Thursday.
#include "server/console/operator_hours.h"

#include <cstdio>

namespace switchboard::server {
namespace {

constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int64_t kDayMinutes = 24 * 60;

// Local minutes since the epoch.
int64_t LocalMinutes(const OperatorHours& hours, int64_t ms) {
  int64_t m = ms / kMinuteMs + hours.utc_offset_minutes;
  return ms < 0 && ms % kMinuteMs != 0 ? m - 1 : m;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// 0 = Monday. Day 0 of the epoch was a Thursday (3).
int Weekday(int64_t local_day) { return static_cast<int>(((local_day % 7) + 7 + 3) % 7); }

}  // namespace

bool OperatorsWorkAt(const OperatorHours& hours, int64_t now_ms) {
  if (!hours.configured) return true;
  int64_t local = LocalMinutes(hours, now_ms);
  int64_t day = FloorDiv(local, kDayMinutes);
  int minute = static_cast<int>(local - day * kDayMinutes);
  int wd = Weekday(day);
  return hours.open[wd] < hours.close[wd] && minute >= hours.open[wd] && minute < hours.close[wd];
}

int64_t NextOperatorsStart(const OperatorHours& hours, int64_t now_ms) {
  if (OperatorsWorkAt(hours, now_ms)) return now_ms;
  int64_t local = LocalMinutes(hours, now_ms);
  int64_t day = FloorDiv(local, kDayMinutes);
  for (int64_t d = day; d <= day + 7; ++d) {
    int wd = Weekday(d);
    if (hours.open[wd] >= hours.close[wd]) continue;
    int64_t start = d * kDayMinutes + hours.open[wd];
    if (start > local) return (start - hours.utc_offset_minutes) * kMinuteMs;
  }
  return -1;
}

std::string DescribeStart(const OperatorHours& hours, int64_t now_ms, int64_t start_ms,
                          std::string_view language) {
  static const char* const kRuDays[] = {"в понедельник", "во вторник", "в среду", "в четверг",
                                        "в пятницу", "в субботу", "в воскресенье"};
  static const char* const kEnDays[] = {"on Monday", "on Tuesday", "on Wednesday", "on Thursday",
                                        "on Friday", "on Saturday", "on Sunday"};
  const bool ru = language == "ru";
  int64_t local = LocalMinutes(hours, start_ms);
  int64_t day = FloorDiv(local, kDayMinutes);
  int minute = static_cast<int>(local - day * kDayMinutes);
  int64_t today = FloorDiv(LocalMinutes(hours, now_ms), kDayMinutes);
  std::string when;
  if (day == today) {
    when = ru ? "сегодня" : "today";
  } else if (day == today + 1) {
    when = ru ? "завтра" : "tomorrow";
  } else {
    when = (ru ? kRuDays : kEnDays)[Weekday(day)];
  }
  char clock[16];
  std::snprintf(clock, sizeof clock, "%02d:%02d", minute / 60, minute % 60);
  return when + (ru ? " в " : " at ") + clock;
}

}  // namespace switchboard::server
