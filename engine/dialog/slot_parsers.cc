// Typed answer parsing. Dates use C++20 calendar types; zones are fixed offsets
// (Russia has kept no daylight saving time since 2014).
#include "dialog/slot_parsers.h"

#include <array>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <vector>

#include "match/matcher.h"

namespace switchboard {
namespace {

namespace chr = std::chrono;

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// 1..12 for a month name or its abbreviation in Russian (any case form) or English.
int MonthFromWord(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kRu = {"янв", "фев", "мар", "апр", "ма", "июн",
                                                          "июл", "авг", "сен", "окт", "ноя", "дек"};
  static constexpr std::array<std::string_view, 12> kEn = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i) {
    if (StartsWith(w, kEn[i]) && w.size() <= 9) return i + 1;
  }
  // "май", "мая", "мае" but not "маникюр": the May stem is only two letters long.
  if (w == "май" || w == "мая" || w == "мае") return 5;
  for (int i = 0; i < 12; ++i) {
    if (i != 4 && StartsWith(w, kRu[i])) return i + 1;
  }
  return 0;
}

// 0 (Sunday) .. 6 (Saturday), or -1.
int WeekdayFromWord(std::string_view w) {
  struct Name { std::string_view prefix; int day; };
  static constexpr Name kNames[] = {
      {"понед", 1}, {"пн", 1},  {"вторн", 2}, {"вт", 2},   {"сред", 3},   {"ср", 3},
      {"четв", 4},  {"чт", 4},  {"пятн", 5},  {"пт", 5},   {"суббот", 6}, {"сб", 6},
      {"воскр", 0}, {"вс", 0},  {"mon", 1},   {"tue", 2},  {"wed", 3},    {"thu", 4},
      {"fri", 5},   {"sat", 6}, {"sun", 0}};
  for (const Name& n : kNames) {
    if (n.prefix.size() <= 2 ? w == n.prefix : StartsWith(w, n.prefix)) return n.day;
  }
  return -1;
}

std::string Iso(chr::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                unsigned(d.day()));
  return buf;
}

// The next date with this day and month, today included; nullopt if invalid.
std::optional<std::string> NextDayMonth(chr::sys_days today, int day, int month, int year) {
  if (year > 0) {
    chr::year_month_day d{chr::year{year}, chr::month(month), chr::day(day)};
    if (!d.ok()) return std::nullopt;
    return Iso(d);
  }
  chr::year_month_day t{today};
  for (int add = 0; add <= 1; ++add) {
    chr::year_month_day d{t.year() + chr::years{add}, chr::month(month), chr::day(day)};
    if (!d.ok()) continue;  // 29 February
    if (chr::sys_days{d} >= today) return Iso(d);
  }
  chr::year_month_day d{t.year() + chr::years{1}, chr::month(month), chr::day(day)};
  if (!d.ok()) return std::nullopt;
  return Iso(d);
}

}  // namespace

std::optional<std::string> ParseNumber(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == ' ') continue;
    s += c == ',' ? '.' : c;
  }
  if (s.empty() || s.size() > 20) return std::nullopt;
  size_t i = s[0] == '-' ? 1 : 0;
  bool dot = false, digits = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !dot) {
      dot = true;
    } else if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      digits = true;
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  if (dot) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::optional<std::string> ParsePhone(std::string_view text) {
  std::string digits;
  bool plus = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
      return std::nullopt;
    }
  }
  if (digits.size() == 11 && (digits[0] == '7' || (digits[0] == '8' && !plus))) {
    return "+7" + digits.substr(1);
  }
  if (digits.size() == 10 && digits[0] == '9' && !plus) return "+7" + digits;
  if (plus && digits.size() >= 10 && digits.size() <= 15) return "+" + digits;
  return std::nullopt;
}

std::optional<std::string> ParseEmail(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view domain = text.substr(at + 1);
  size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return std::nullopt;
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == ',' || c == ';' || c == '<' || c == '>') return std::nullopt;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<std::string> ParseDate(std::string_view text, int64_t now_ms, int utc_offset_minutes) {
  std::string normal = NormalizeText(text);
  // NormalizeText turns "25.12" into "25 12": read dotted and ISO forms from the raw text.
  std::string raw;
  for (char c : text) raw += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  chr::sys_days today = chr::floor<chr::days>(
      chr::sys_time<chr::milliseconds>(chr::milliseconds(now_ms + int64_t{utc_offset_minutes} * 60000)));

  for (std::string_view w : SplitWords(raw)) {
    // 2026-12-25
    if (w.size() == 10 && w[4] == '-' && w[7] == '-' && AllDigits(w.substr(0, 4)) &&
        AllDigits(w.substr(5, 2)) && AllDigits(w.substr(8, 2))) {
      return NextDayMonth(today, std::atoi(std::string(w.substr(8, 2)).c_str()),
                          std::atoi(std::string(w.substr(5, 2)).c_str()),
                          std::atoi(std::string(w.substr(0, 4)).c_str()));
    }
    // 25.12 or 25.12.2026 or 25/12
    size_t sep = w.find_first_of("./");
    if (sep != std::string_view::npos && sep > 0 && sep <= 2) {
      std::string_view day = w.substr(0, sep), rest = w.substr(sep + 1);
      while (!rest.empty() && (rest.back() == '.' || rest.back() == ',')) rest.remove_suffix(1);
      size_t sep2 = rest.find_first_of("./");
      std::string_view month = rest.substr(0, sep2);
      std::string_view year = sep2 == std::string_view::npos ? "" : rest.substr(sep2 + 1);
      if (AllDigits(day) && AllDigits(month) && month.size() <= 2 &&
          (year.empty() || (AllDigits(year) && (year.size() == 2 || year.size() == 4)))) {
        int y = year.empty() ? 0 : std::atoi(std::string(year).c_str());
        if (year.size() == 2) y += 2000;
        int m = std::atoi(std::string(month).c_str());
        if (m < 1 || m > 12) return std::nullopt;
        return NextDayMonth(today, std::atoi(std::string(day).c_str()), m, y);
      }
    }
  }

  std::vector<std::string_view> words = SplitWords(normal);
  for (size_t i = 0; i < words.size(); ++i) {
    std::string_view w = words[i];
    if (w == "сегодня" || w == "today") return Iso(chr::year_month_day{today});
    if (w == "завтра" || w == "tomorrow") return Iso(chr::year_month_day{today + chr::days{1}});
    if (w == "послезавтра") return Iso(chr::year_month_day{today + chr::days{2}});
    if (w == "after" && i + 1 < words.size() && words[i + 1] == "tomorrow") {
      return Iso(chr::year_month_day{today + chr::days{2}});
    }
    // "25 декабря", "25 dec"; "dec 25"
    if (AllDigits(w) && w.size() <= 2 && i + 1 < words.size()) {
      if (int m = MonthFromWord(words[i + 1]); m > 0) {
        int y = 0;
        if (i + 2 < words.size() && AllDigits(words[i + 2]) && words[i + 2].size() == 4) {
          y = std::atoi(std::string(words[i + 2]).c_str());
        }
        return NextDayMonth(today, std::atoi(std::string(w).c_str()), m, y);
      }
    }
    if (int m = MonthFromWord(w); m > 0 && i + 1 < words.size() && AllDigits(words[i + 1]) &&
                                  words[i + 1].size() <= 2) {
      return NextDayMonth(today, std::atoi(std::string(words[i + 1]).c_str()), m, 0);
    }
    if (int wd = WeekdayFromWord(w); wd >= 0) {
      unsigned current = chr::weekday{today}.c_encoding();
      int ahead = (wd - static_cast<int>(current) + 7) % 7;
      return Iso(chr::year_month_day{today + chr::days{ahead}});
    }
  }
  return std::nullopt;
}

std::optional<int> UtcOffsetMinutes(std::string_view zone) {
  struct Known { std::string_view name; int minutes; };
  static constexpr Known kZones[] = {
      {"UTC", 0},           {"Etc/UTC", 0},        {"Europe/London", 0},
      {"Europe/Kaliningrad", 120}, {"Europe/Moscow", 180}, {"Europe/Samara", 240},
      {"Asia/Yekaterinburg", 300}, {"Asia/Omsk", 360},   {"Asia/Novosibirsk", 420},
      {"Asia/Krasnoyarsk", 420},   {"Asia/Irkutsk", 480}, {"Asia/Yakutsk", 540},
      {"Asia/Vladivostok", 600},   {"Asia/Magadan", 660}, {"Asia/Kamchatka", 720}};
  for (const Known& k : kZones) {
    if (k.name == zone) return k.minutes;
  }
  // "+03:00" / "-05:30"
  if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
      AllDigits(zone.substr(1, 2)) && AllDigits(zone.substr(4, 2))) {
    int minutes = std::atoi(std::string(zone.substr(1, 2)).c_str()) * 60 +
                  std::atoi(std::string(zone.substr(4, 2)).c_str());
    return zone[0] == '-' ? -minutes : minutes;
  }
  return std::nullopt;
}

}  // namespace switchboard
