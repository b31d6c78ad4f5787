// Reading typed answers: what a customer wrote for a text, a number, a phone, an
// e-mail or a date, turned into one canonical value, or nothing when it is not one;
// and a date shown as people say it. Pure functions; safe for concurrent use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "flow/flow_ast.h"

namespace switchboard {

// The longest value, in characters (code points), a slot of this type holds. Longer
// answers are refused (the question is asked again), never stored or echoed.
// text 500, number 30, phone 200 (the number with a remark around it), e-mail 254
// (RFC 5321), date 100, choice 200.
size_t MaxSlotChars(SlotType type);

// " Анна " -> "Анна"; nullopt when empty after trimming or over MaxSlotChars(kText).
std::optional<std::string> ParseText(std::string_view text);

// "42", "42,5", " 42.50 " -> "42", "42.5"
std::optional<std::string> ParseNumber(std::string_view text);

// "+7 (916) 123-45-67", "8 916 123 45 67", "9161234567", "тел: 8 916 123 45 67",
// "8 916 123 45 67, звоните после 18" -> "+79161234567". The number may stand among
// other words; two numbers in one answer are refused. Russian (+7 / 8) numbers have
// ten digits after the country code, and their area or mobile code starts with 3, 4,
// 6, 7, 8 or 9 (the codes of zone 7 in use). Other countries: "+", a country code not
// starting with 0, and 8 to 15 digits in all (E.164).
std::optional<std::string> ParsePhone(std::string_view text);

// "Anna.K@Mail.RU" -> "anna.k@mail.ru"; at most 254 characters.
std::optional<std::string> ParseEmail(std::string_view text);

// Dates as customers write them, relative to `now_ms` in a zone `utc_offset_minutes`
// east of UTC: "сегодня", "завтра", "послезавтра", "в субботу", "на выходных",
// "через неделю", "через 3 дня", "25.12", "25.12.2026", "25 декабря", "tomorrow"
// (also "tomorow", "zavtra"), "on saturday", "this weekend", "in a week", "Dec 25",
// "December 5th", "25 December", "2026-12-25". A day and month without a year means
// this year's date when it is today or later, or passed less than 45 days ago (so
// that a flow can say the day has passed instead of booking next year's unasked);
// else next year's. A year, where given, must be 1900..2200 and the day must exist in
// that month; otherwise nullopt. Returns ISO "YYYY-MM-DD".
std::optional<std::string> ParseDate(std::string_view text, int64_t now_ms, int utc_offset_minutes);

// An ISO date as people say it, for `<slot>_label`: "ru" -> "в субботу, 5 декабря",
// "во вторник, 1 декабря"; any other language -> "Saturday, 5 December". The year is
// added when it is not the year of `now_ms` in the zone ("в пятницу, 5 марта 2027 г.",
// "Friday, 5 March 2027"). nullopt when iso is not a valid "YYYY-MM-DD".
std::optional<std::string> FormatDateLabel(std::string_view iso, std::string_view language,
                                           int64_t now_ms, int utc_offset_minutes);

// Minutes east of UTC in `zone` at the instant `at_ms`, daylight saving time
// included (Europe/London: 60 in July, 0 in January). A zone is an IANA name of the
// system's tz database (/usr/share/zoneinfo: "Europe/Moscow", "Europe/Berlin", "UTC",
// "Etc/GMT-3") or a fixed offset ("+03:00", "-05:30"); nullopt for an unknown one.
std::optional<int> UtcOffsetMinutes(std::string_view zone, int64_t at_ms);

// UtcOffsetMinutes at the current time: for checking a zone name when flows load.
std::optional<int> UtcOffsetMinutes(std::string_view zone);

}  // namespace switchboard
