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

TEST_CASE("ParseDate keeps a day just passed in this year, so that it can be refused") {
  CHECK(ParseDate("20.11", kMonday, kMoscow) == "2026-11-20");
  CHECK(ParseDate("20 ноября", kMonday, kMoscow) == "2026-11-20");
  CHECK(ParseDate("October 15th", kMonday, kMoscow) == "2026-10-15");
  CHECK(ParseDate("1 октября", kMonday, kMoscow) == "2027-10-01");  // 53 days ago: next year
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

TEST_CASE("ParsePhone refuses Russian numbers whose area or mobile code no one has") {
  CHECK_FALSE(ParsePhone("+7 000 000-00-00"));
  CHECK_FALSE(ParsePhone("8 000 000 00 00"));
  CHECK_FALSE(ParsePhone("+7 123 456-78-90"));
  CHECK_FALSE(ParsePhone("+7 916 123-45-6"));
  CHECK(ParsePhone("+7 495 123-45-67") == "+74951234567");
  CHECK(ParsePhone("8 800 555-35-35") == "+78005553535");
}

TEST_CASE("ParsePhone keeps other countries to E.164: no leading 0, at most 15 digits") {
  CHECK_FALSE(ParsePhone("+0 123 456 7890"));
  CHECK_FALSE(ParsePhone("+44 20 7946 0958 1234"));
  CHECK(ParsePhone("+49 30 1234567") == "+49301234567");
}

TEST_CASE("ParsePhone finds the number among the words people write around it") {
  CHECK(ParsePhone("тел: 8 916 123 45 67") == "+79161234567");
  CHECK(ParsePhone("8 916 123 45 67, звоните после 18") == "+79161234567");
  CHECK(ParsePhone("мой номер +7(916)123-45-67 доб. 123") == "+79161234567");
  CHECK_FALSE(ParsePhone("8 916 123 45 67 или 8 916 765 43 21"));
  CHECK_FALSE(ParsePhone("звоните после 18"));
}

TEST_CASE("ParseDate refuses a year out of range instead of dropping it") {
  CHECK_FALSE(ParseDate("0000-01-01", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("25.12.0000", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("25 декабря 202612345678", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("25.12.202612345678", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("202612345678-12-25", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("9999-12-25", kMonday, kMoscow));
  CHECK(ParseDate("25 декабря 2026", kMonday, kMoscow) == "2026-12-25");
  CHECK(ParseDate("25.12.26", kMonday, kMoscow) == "2026-12-25");
}

TEST_CASE("ParseDate refuses days a month does not have") {
  CHECK_FALSE(ParseDate("2026-02-29", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("2026-04-31", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("31 апреля", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("00.12", kMonday, kMoscow));
  CHECK_FALSE(ParseDate("32.12", kMonday, kMoscow));
  CHECK(ParseDate("2028-02-29", kMonday, kMoscow) == "2028-02-29");
}

TEST_CASE("ParseDate reads what people really type: typos, transliteration, ordinals") {
  CHECK(ParseDate("tomorow", kMonday, kMoscow) == "2026-11-24");
  CHECK(ParseDate("zavtra", kMonday, kMoscow) == "2026-11-24");
  CHECK(ParseDate("December 5th", kMonday, kMoscow) == "2026-12-05");
  CHECK(ParseDate("the 5th of December", kMonday, kMoscow) == "2026-12-05");
  CHECK(ParseDate("5th December", kMonday, kMoscow) == "2026-12-05");
}

TEST_CASE("ParseDate reads a weekend and a span from today") {
  CHECK(ParseDate("на выходных", kMonday, kMoscow) == "2026-11-28");
  CHECK(ParseDate("this weekend", kMonday, kMoscow) == "2026-11-28");
  CHECK(ParseDate("через неделю", kMonday, kMoscow) == "2026-11-30");
  CHECK(ParseDate("через 3 дня", kMonday, kMoscow) == "2026-11-26");
  CHECK(ParseDate("in a week", kMonday, kMoscow) == "2026-11-30");
  CHECK(ParseDate("in 2 days", kMonday, kMoscow) == "2026-11-25");
  const int64_t sunday = kMonday - 24 * 3600 * 1000;
  CHECK(ParseDate("на выходных", sunday, kMoscow) == "2026-11-22");
}

TEST_CASE("FormatDateLabel says the day as people do, with the year only when not this one") {
  CHECK(FormatDateLabel("2026-12-05", "ru", kMonday, kMoscow) == "в субботу, 5 декабря");
  CHECK(FormatDateLabel("2026-12-01", "ru", kMonday, kMoscow) == "во вторник, 1 декабря");
  CHECK(FormatDateLabel("2026-12-05", "en", kMonday, kMoscow) == "Saturday, 5 December");
  CHECK(FormatDateLabel("2027-03-05", "ru", kMonday, kMoscow) == "в пятницу, 5 марта 2027 г.");
  CHECK(FormatDateLabel("2027-03-05", "en", kMonday, kMoscow) == "Friday, 5 March 2027");
  CHECK_FALSE(FormatDateLabel("2026-02-30", "ru", kMonday, kMoscow));
  CHECK_FALSE(FormatDateLabel("tomorrow", "en", kMonday, kMoscow));
}

TEST_CASE("Parsers refuse answers over their slot type's limit") {
  CHECK(MaxSlotChars(SlotType::kText) == 500);
  CHECK(ParseText("  Анна ") == "Анна");
  CHECK_FALSE(ParseText("   "));
  const std::string long_name(5000, 'a');
  CHECK_FALSE(ParseText(long_name));
  std::string cyrillic_500;
  for (int i = 0; i < 500; ++i) cyrillic_500 += "я";
  CHECK(ParseText(cyrillic_500) == cyrillic_500);  // characters, not bytes
  CHECK_FALSE(ParseText(cyrillic_500 + "я"));
  CHECK_FALSE(ParseEmail(std::string(250, 'a') + "@mail.ru"));
  CHECK_FALSE(ParsePhone("тел: 8 916 123 45 67 " + std::string(300, ' ')));
  CHECK_FALSE(ParseDate("завтра" + std::string(200, ' '), kMonday, kMoscow));
  CHECK_FALSE(ParseNumber(std::string(40, '1')));
}

TEST_CASE("UtcOffsetMinutes knows Moscow, UTC and written offsets") {
  CHECK(UtcOffsetMinutes("Europe/Moscow") == 180);
  CHECK(UtcOffsetMinutes("UTC") == 0);
  CHECK(UtcOffsetMinutes("-05:30") == -330);
  CHECK_FALSE(UtcOffsetMinutes("Mars/Olympus"));
  CHECK_FALSE(UtcOffsetMinutes(""));
}

TEST_CASE("UtcOffsetMinutes reads the tz database, summer time included") {
  constexpr int64_t kJuly = 1783036800000;     // 2026-07-03 00:00 UTC
  constexpr int64_t kJanuary = 1767225600000;  // 2026-01-01 00:00 UTC
  CHECK(UtcOffsetMinutes("Europe/London", kJuly) == 60);
  CHECK(UtcOffsetMinutes("Europe/London", kJanuary) == 0);
  CHECK(UtcOffsetMinutes("Europe/Berlin", kJuly) == 120);
  CHECK(UtcOffsetMinutes("Europe/Berlin", kJanuary) == 60);
  CHECK(UtcOffsetMinutes("Europe/Moscow", kJuly) == 180);
  CHECK(UtcOffsetMinutes("Asia/Kolkata", kJuly) == 330);
  CHECK(UtcOffsetMinutes("Etc/GMT-3", kJuly) == 180);
  CHECK(UtcOffsetMinutes("+03:00", kJuly) == 180);
}
