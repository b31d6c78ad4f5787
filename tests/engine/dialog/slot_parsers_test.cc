// Typed answers: numbers, phones, e-mails, dates as customers write them.
#include <doctest/doctest.h>

#include "dialog/slot_parsers.h"

using namespace switchboard;

namespace {
// Monday 23 November 2026, 12:00 Moscow time (09:00 UTC).
constexpr int64_t kMonday = 1795424400000;
constexpr int kMoscow = 180;
}  // namespace

TEST_CASE("ParseNumber reads integers and decimals with a comma or a dot") {
  CHECK(ParseNumber("42") == "42");
  CHECK(ParseNumber(" 42,50 ") == "42.5");
  CHECK(ParseNumber("3.0") == "3");
  CHECK_FALSE(ParseNumber("сорок два"));
  CHECK_FALSE(ParseNumber("4x2"));
  CHECK_FALSE(ParseNumber(""));
}

TEST_CASE("ParsePhone accepts the +7 and 8 formats with spaces, dashes and brackets") {
  CHECK(ParsePhone("+7 (916) 123-45-67") == "+79161234567");
  CHECK(ParsePhone("8 916 123 45 67") == "+79161234567");
  CHECK(ParsePhone("89161234567") == "+79161234567");
  CHECK(ParsePhone("9161234567") == "+79161234567");
  CHECK(ParsePhone("+44 20 7946 0958") == "+442079460958");
}

TEST_CASE("ParsePhone refuses what is not a phone number") {
  CHECK_FALSE(ParsePhone("12345"));
  CHECK_FALSE(ParsePhone("+7 916 123"));
  CHECK_FALSE(ParsePhone("позвоните мне"));
  CHECK_FALSE(ParsePhone("8 916 123 45 67 89"));
}

TEST_CASE("ParseEmail lower-cases a valid address and refuses broken ones") {
  CHECK(ParseEmail(" Anna.K@Mail.RU ") == "anna.k@mail.ru");
  CHECK_FALSE(ParseEmail("anna@"));
  CHECK_FALSE(ParseEmail("anna.mail.ru"));
  CHECK_FALSE(ParseEmail("a@b@c.ru"));
  CHECK_FALSE(ParseEmail("anna @mail.ru"));
}

TEST_CASE("ParseDate reads relative days in Russian and English") {
  CHECK(ParseDate("сегодня", kMonday, kMoscow) == "2026-11-23");
  CHECK(ParseDate("Завтра", kMonday, kMoscow) == "2026-11-24");
  CHECK(ParseDate("послезавтра", kMonday, kMoscow) == "2026-11-25");
  CHECK(ParseDate("tomorrow please", kMonday, kMoscow) == "2026-11-24");
}

TEST_CASE("ParseDate reads weekdays as the next such day, today included") {
  CHECK(ParseDate("в субботу", kMonday, kMoscow) == "2026-11-28");
  CHECK(ParseDate("on Saturday", kMonday, kMoscow) == "2026-11-28");
  CHECK(ParseDate("в понедельник", kMonday, kMoscow) == "2026-11-23");
  CHECK(ParseDate("в среду", kMonday, kMoscow) == "2026-11-25");
}

TEST_CASE("ParseDate reads day and month, rolling over to next year once passed") {
  CHECK(ParseDate("25.12", kMonday, kMoscow) == "2026-12-25");
  CHECK(ParseDate("25 декабря", kMonday, kMoscow) == "2026-12-25");
  CHECK(ParseDate("Dec 25", kMonday, kMoscow) == "2026-12-25");
  CHECK(ParseDate("5 мая", kMonday, kMoscow) == "2027-05-05");
  CHECK(ParseDate("01.03.2027", kMonday, kMoscow) == "2027-03-01");
  CHECK(ParseDate("2026-12-31", kMonday, kMoscow) == "2026-12-31");
}

TEST_CASE("ParseDate uses the zone's date, not UTC's") {
  // 22:30 UTC on Monday is already Tuesday in Moscow.
  const int64_t late = kMonday + (13 * 60 + 30) * 60000;
  CHECK(ParseDate("сегодня", late, kMoscow) == "2026-11-24");
  CHECK(ParseDate("сегодня", late, 0) == "2026-11-23");
}

TEST_CASE("ParseDate refuses impossible and missing dates") {
  CHECK_FALSE(ParseDate("31.02", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("13.13", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("когда-нибудь", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("маникюр", kMonday, kMoscow));
}

TEST_CASE("UtcOffsetMinutes knows Moscow, UTC and written offsets") {
  CHECK(UtcOffsetMinutes("Europe/Moscow") == 180);
  CHECK(UtcOffsetMinutes("UTC") == 0);
  CHECK(UtcOffsetMinutes("-05:30") == -330);
  CHECK_FALSE(UtcOffsetMinutes("Mars/Olympus"));
}
