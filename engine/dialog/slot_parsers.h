// Reading typed answers: what a customer wrote for a number, a phone, an e-mail or a
// date, turned into one canonical value, or nothing when it is not one. Pure functions;
// safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchboard {

// "42", "42,5", " 42.50 " -> "42", "42.5"
std::optional<std::string> ParseNumber(std::string_view text);
// "+7 (916) 123-45-67", "8 916 123 45 67", "9161234567" -> "+79161234567".
// Other countries: "+" and 10 to 15 digits.
std::optional<std::string> ParsePhone(std::string_view text);
// "Anna.K@Mail.RU" -> "anna.k@mail.ru"
std::optional<std::string> ParseEmail(std::string_view text);

// Dates as customers write them, relative to `now_ms` in a zone `utc_offset_minutes`
// east of UTC: "сегодня", "завтра", "послезавтра", "в субботу", "25.12", "25.12.2026",
// "25 декабря", "tomorrow", "on saturday", "Dec 25", "25 December", "2026-12-25".
// A day and month without a year means the next such date (today included).
// Returns ISO "YYYY-MM-DD".
std::optional<std::string> ParseDate(std::string_view text, int64_t now_ms, int utc_offset_minutes);

// Minutes east of UTC for a time zone name the engine knows ("Europe/Moscow", "UTC",
// "Etc/GMT-3", "+03:00"); nullopt for an unknown one.
std::optional<int> UtcOffsetMinutes(std::string_view zone);

}  // namespace switchboard
