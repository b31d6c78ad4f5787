// Typed answer parsing and date labels. Dates use C++20 calendar types; zones come
// from the system's tz database through Howard Hinnant's date library (g++ 12's
// <chrono> has no time zones yet), whose exceptions are caught in this file. Every
// parser refuses input over its slot type's limit before doing any work on it.
#include "dialog/slot_parsers.h"

#include <date/tz.h>

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <vector>

#include "match/matcher.h"

namespace switchboard {
namespace {

namespace chr = std::chrono;

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;
// A day and month without a year that passed fewer days ago than this is read as
// this year's: "20.11" written on 23 November means the 20th just gone, not next
// year's. Older ones ("5 мая" in November) mean next year.
constexpr int kRecentlyPassedDays = 45;

// Characters (code points) of UTF-8 text; a stray continuation byte counts as none.
size_t CharCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Input bytes worth reading for a slot type: four bytes a character at most.
bool TooLong(std::string_view text, SlotType type) {
  return text.size() > 4 * MaxSlotChars(type) || CharCount(text) > MaxSlotChars(type);
}

std::string_view TrimSpace(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

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

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// The value of a short run of digits (callers bound its length).
int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool OneOf(std::string_view w, std::initializer_list<std::string_view> words) {
  for (std::string_view candidate : words) {
    if (w == candidate) return true;
  }
  return false;
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

// The day of a month as written: "5", "05", "5th", "1st", "5-го" (read as "5го"
// once hyphens are gone); 0 when w is not one.
int DayNumber(std::string_view w) {
  size_t digits = 0;
  while (digits < w.size() && IsDigit(w[digits])) ++digits;
  if (digits == 0 || digits > 2) return 0;
  std::string_view suffix = w.substr(digits);
  if (!suffix.empty() && !OneOf(suffix, {"st", "nd", "rd", "th", "го", "е", "ое", "ого"})) {
    return 0;
  }
  int day = ToInt(w.substr(0, digits));
  return day >= 1 && day <= 31 ? day : 0;
}

// A small count in words or digits ("одну", "две", "3", "a"); 0 when w is none.
int SmallCount(std::string_view w) {
  if (AllDigits(w) && w.size() <= 2) return ToInt(w);
  struct Word { std::string_view text; int n; };
  static constexpr Word kWords[] = {
      {"один", 1}, {"одну", 1}, {"одна", 1}, {"два", 2},   {"две", 2},   {"три", 3},
      {"четыре", 4}, {"пять", 5}, {"шесть", 6}, {"семь", 7}, {"a", 1},    {"one", 1},
      {"two", 2},  {"three", 3}, {"four", 4}, {"five", 5},  {"six", 6},   {"seven", 7}};
  for (const Word& word : kWords) {
    if (w == word.text) return word.n;
  }
  return 0;
}

// Days in a unit word: 1 for a day, 7 for a week; 0 otherwise.
int UnitDays(std::string_view w) {
  if (OneOf(w, {"день", "дня", "дней", "day", "days"})) return 1;
  if (OneOf(w, {"неделю", "недели", "недель", "неделька", "week", "weeks"})) return 7;
  return 0;
}

std::string Iso(chr::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                unsigned(d.day()));
  return buf;
}

std::string Iso(chr::sys_days d) { return Iso(chr::year_month_day{d}); }

// A date with this day and month: of `year` when one was given (1900..2200). Without
// a year, this year's when it is today or later, or passed less than
// kRecentlyPassedDays ago (the customer is then told the day has passed, rather than
// booked a year ahead without a word); else next year's. nullopt when no such day
// exists.
std::optional<std::string> DayMonth(chr::sys_days today, int day, int month,
                                    std::optional<int> year) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  if (year) {
    if (*year < kMinYear || *year > kMaxYear) return std::nullopt;
    chr::year_month_day d{chr::year{*year}, chr::month(month), chr::day(day)};
    if (!d.ok()) return std::nullopt;
    return Iso(d);
  }
  chr::year_month_day t{today};
  chr::year_month_day d{t.year(), chr::month(month), chr::day(day)};
  if (d.ok() && chr::sys_days{d} + chr::days{kRecentlyPassedDays} > today) return Iso(d);
  d = chr::year_month_day{t.year() + chr::years{1}, chr::month(month), chr::day(day)};
  if (d.ok()) return Iso(d);
  return std::nullopt;  // 29 February with no leap year this year or next
}

// A year as written after a date: nullopt when there is none; a value outside
// 1900..2200 (checked by DayMonth) when the text is a number that is no year.
std::optional<int> YearAfter(std::string_view w) {
  if (!AllDigits(w)) return std::nullopt;
  if (w.size() == 4) return ToInt(w);
  if (w.size() > 4 || w.size() == 3) return -1;  // "202612345678": not a year, not dropped
  return std::nullopt;                           // "15": an hour, most likely
}

// Numeric forms read from the raw text: "2026-12-25", "25.12", "25.12.2026",
// "25/12/26". Sets *found when a word has one of these shapes, even a bad one.
std::optional<std::string> NumericDate(std::string_view raw, chr::sys_days today, bool* found) {
  for (std::string_view w : SplitWords(raw)) {
    while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.remove_suffix(1);
    // 2026-12-25, and longer or shorter years, which are refused.
    size_t dash = w.find('-');
    if (dash != std::string_view::npos && dash >= 1 && w.size() == dash + 6 && w[dash + 3] == '-' &&
        AllDigits(w.substr(0, dash)) && AllDigits(w.substr(dash + 1, 2)) &&
        AllDigits(w.substr(dash + 4, 2))) {
      *found = true;
      if (dash != 4) return std::nullopt;
      return DayMonth(today, ToInt(w.substr(dash + 4, 2)), ToInt(w.substr(dash + 1, 2)),
                      ToInt(w.substr(0, 4)));
    }
    // 25.12 or 25.12.2026 or 25/12
    size_t sep = w.find_first_of("./");
    if (sep == std::string_view::npos || sep == 0 || sep > 2) continue;
    std::string_view day = w.substr(0, sep), rest = w.substr(sep + 1);
    size_t sep2 = rest.find_first_of("./");
    std::string_view month = rest.substr(0, sep2);
    std::string_view year = sep2 == std::string_view::npos ? "" : rest.substr(sep2 + 1);
    if (!AllDigits(day) || !AllDigits(month) || month.size() > 2) continue;
    if (!year.empty() && !AllDigits(year)) continue;
    *found = true;
    std::optional<int> y;
    if (year.size() == 2) {
      y = 2000 + ToInt(year);
    } else if (year.size() == 4) {
      y = ToInt(year);
    } else if (!year.empty()) {
      return std::nullopt;
    }
    return DayMonth(today, ToInt(day), ToInt(month), y);
  }
  return std::nullopt;
}

// Forms read from the normalised words: relative days, weekdays, "25 декабря",
// "December 5th", "через неделю", "на выходных".
std::optional<std::string> WordDate(const std::vector<std::string_view>& words,
                                    chr::sys_days today) {
  const size_t n = words.size();
  auto at = [&](size_t i) { return i < n ? words[i] : std::string_view(); };
  for (size_t i = 0; i < n; ++i) {
    std::string_view w = words[i];
    if (OneOf(w, {"сегодня", "today", "segodnya", "segodnia", "sevodnya"})) return Iso(today);
    if (OneOf(w, {"завтра", "tomorrow", "tomorow", "tommorow", "tommorrow", "tmrw", "zavtra"})) {
      return Iso(today + chr::days{1});
    }
    if (OneOf(w, {"послезавтра", "poslezavtra"}) ||
        (w == "after" && OneOf(at(i + 1), {"tomorrow", "tomorow", "tommorow"}))) {
      return Iso(today + chr::days{2});
    }
    // "через неделю", "через 3 дня", "in a week", "in 2 days"
    if (w == "через" || w == "in") {
      int count = SmallCount(at(i + 1));
      int unit = UnitDays(at(i + (count > 0 ? 2 : 1)));
      if (w == "in" && count == 0) unit = 0;  // "in December" is not "in a week"
      if (unit > 0) return Iso(today + chr::days{unit * (count > 0 ? count : 1)});
    }
    // "на выходных", "в выходные", "this weekend": Saturday, or today on a weekend.
    if (OneOf(w, {"выходных", "выходные", "weekend"})) {
      unsigned current = chr::weekday{today}.c_encoding();
      int ahead = current == 0 ? 0 : 6 - static_cast<int>(current);
      return Iso(today + chr::days{ahead});
    }
    // "25 декабря [2026]", "5th of December", "25 dec"
    if (int day = DayNumber(w); day > 0) {
      size_t m = i + 1;
      if (at(m) == "of") ++m;
      if (int month = MonthFromWord(at(m)); month > 0) {
        return DayMonth(today, day, month, YearAfter(at(m + 1)));
      }
    }
    // "dec 25", "December 5th [2026]"
    if (int month = MonthFromWord(w); month > 0) {
      size_t d = i + 1;
      if (at(d) == "the") ++d;
      if (int day = DayNumber(at(d)); day > 0) {
        return DayMonth(today, day, month, YearAfter(at(d + 1)));
      }
    }
    if (int wd = WeekdayFromWord(w); wd >= 0) {
      unsigned current = chr::weekday{today}.c_encoding();
      int ahead = (wd - static_cast<int>(current) + 7) % 7;
      return Iso(today + chr::days{ahead});
    }
  }
  return std::nullopt;
}

chr::sys_days LocalDay(int64_t now_ms, int utc_offset_minutes) {
  return chr::floor<chr::days>(chr::sys_time<chr::milliseconds>(
      chr::milliseconds(now_ms + int64_t{utc_offset_minutes} * 60000)));
}

// The +7 national number's area or mobile code is in use: 3xx, 4xx, 8xx, 9xx (Russia),
// 6xx, 7xx (Kazakhstan); 0, 1, 2 and 5 begin none.
bool IsZone7National(std::string_view national) {
  return national.size() == 10 && std::string_view("346789").find(national[0]) != std::string_view::npos;
}

// Checks one phone-shaped run: digits with a leading '+' or not.
std::optional<std::string> CanonicalPhone(const std::string& digits, bool plus) {
  if (plus && digits[0] == '7') {
    if (digits.size() == 11 && IsZone7National(std::string_view(digits).substr(1))) return "+" + digits;
    return std::nullopt;
  }
  if (!plus) {
    if (digits.size() == 11 && (digits[0] == '8' || digits[0] == '7') &&
        IsZone7National(std::string_view(digits).substr(1))) {
      return "+7" + digits.substr(1);
    }
    if (digits.size() == 10 && digits[0] == '9') return "+7" + digits;
    return std::nullopt;
  }
  if (digits[0] != '0' && digits.size() >= 8 && digits.size() <= 15) return "+" + digits;
  return std::nullopt;
}

}  // namespace

size_t MaxSlotChars(SlotType type) {
  switch (type) {
    case SlotType::kText: return 500;
    case SlotType::kNumber: return 30;
    case SlotType::kPhone: return 200;
    case SlotType::kEmail: return 254;
    case SlotType::kDate: return 100;
    case SlotType::kChoice: return 200;
  }
  return 500;
}

std::optional<std::string> ParseText(std::string_view text) {
  std::string_view trimmed = TrimSpace(text);
  if (trimmed.empty() || TooLong(trimmed, SlotType::kText)) return std::nullopt;
  return std::string(trimmed);
}

std::optional<std::string> ParseNumber(std::string_view text) {
  if (TooLong(text, SlotType::kNumber)) return std::nullopt;
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
    } else if (IsDigit(s[i])) {
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
  if (TooLong(text, SlotType::kPhone)) return std::nullopt;
  // Runs of digits, spaces, dashes, dots and brackets, a '+' only at a run's start.
  // Runs of fewer than five digits ("после 18", "доб. 123") are words, not numbers.
  std::optional<std::string> found;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i]) && text[i] != '+') {
      ++i;
      continue;
    }
    bool plus = text[i] == '+';
    if (plus) ++i;
    std::string digits;
    while (i < text.size()) {
      char c = text[i];
      if (IsDigit(c)) {
        digits += c;
      } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
        break;
      }
      ++i;
    }
    if (digits.size() < 5) continue;
    if (found) return std::nullopt;  // two numbers: which one?
    found = CanonicalPhone(digits, plus);
    if (!found) return std::nullopt;
  }
  return found;
}

std::optional<std::string> ParseEmail(std::string_view text) {
  text = TrimSpace(text);
  if (TooLong(text, SlotType::kEmail)) return std::nullopt;
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
  if (TooLong(text, SlotType::kDate)) return std::nullopt;
  const chr::sys_days today = LocalDay(now_ms, utc_offset_minutes);
  // NormalizeText turns "25.12" into "25 12": read dotted and ISO forms from the raw text.
  std::string raw;
  for (char c : text) raw += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool numeric = false;
  std::optional<std::string> date = NumericDate(raw, today, &numeric);
  if (numeric) return date;
  std::string normal = NormalizeText(text);
  return WordDate(SplitWords(normal), today);
}

std::optional<std::string> FormatDateLabel(std::string_view iso, std::string_view language,
                                           int64_t now_ms, int utc_offset_minutes) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-' || !AllDigits(iso.substr(0, 4)) ||
      !AllDigits(iso.substr(5, 2)) || !AllDigits(iso.substr(8, 2))) {
    return std::nullopt;
  }
  const int year = ToInt(iso.substr(0, 4));
  const chr::year_month_day date{chr::year{year}, chr::month(ToInt(iso.substr(5, 2))),
                                 chr::day(ToInt(iso.substr(8, 2)))};
  if (!date.ok()) return std::nullopt;
  const unsigned weekday = chr::weekday{chr::sys_days{date}}.c_encoding();
  const unsigned month = unsigned(date.month()) - 1;
  const bool this_year =
      chr::year_month_day{LocalDay(now_ms, utc_offset_minutes)}.year() == date.year();
  struct Words {
    std::array<std::string_view, 7> days;     // from Sunday
    std::array<std::string_view, 12> months;  // in the form that follows a day
    std::string_view year_suffix;
  };
  static constexpr Words kRussian = {
      {"в воскресенье", "в понедельник", "во вторник", "в среду", "в четверг", "в пятницу",
       "в субботу"},
      {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
       "октября", "ноября", "декабря"},
      " г."};
  static constexpr Words kEnglish = {
      {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
      {"January", "February", "March", "April", "May", "June", "July", "August", "September",
       "October", "November", "December"},
      ""};
  const Words& words = language == "ru" ? kRussian : kEnglish;
  std::string out = std::string(words.days[weekday]) + ", " + std::to_string(unsigned(date.day())) +
                    " " + std::string(words.months[month]);
  if (!this_year) out += " " + std::to_string(year) + std::string(words.year_suffix);
  return out;
}

std::optional<int> UtcOffsetMinutes(std::string_view zone, int64_t at_ms) {
  // "+03:00" / "-05:30"
  if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
      AllDigits(zone.substr(1, 2)) && AllDigits(zone.substr(4, 2))) {
    int minutes = ToInt(zone.substr(1, 2)) * 60 + ToInt(zone.substr(4, 2));
    return zone[0] == '-' ? -minutes : minutes;
  }
  if (zone.empty() || zone.size() > 64) return std::nullopt;
  try {
    const date::time_zone* tz = date::locate_zone(zone);
    const date::sys_info info =
        tz->get_info(date::sys_seconds{chr::duration_cast<chr::seconds>(chr::milliseconds(at_ms))});
    return static_cast<int>(chr::duration_cast<chr::minutes>(info.offset).count());
  } catch (const std::exception&) {
    return std::nullopt;  // an unknown zone, or no readable tz database
  }
}

std::optional<int> UtcOffsetMinutes(std::string_view zone) {
  const auto now = chr::duration_cast<chr::milliseconds>(chr::system_clock::now().time_since_epoch());
  return UtcOffsetMinutes(zone, now.count());
}

}  // namespace switchboard
