// One customer across channels: linking on verified phones, redirects, and nothing
// linked on a guess.
#include "adapters/common/customer_sessions.h"

#include <doctest/doctest.h>

namespace switchboard::adapters {
namespace {

TEST_CASE("NormalizedPhone keeps '+' and the digits of a plausible number") {
  CHECK(NormalizedPhone("+7 (916) 123-45-67") == "+79161234567");
  CHECK(NormalizedPhone("79161234567") == "+79161234567");
  CHECK(NormalizedPhone("12345").empty());
  CHECK(NormalizedPhone("1234567890123456").empty());
}

TEST_CASE("CustomerSessions: a phone shared in Telegram leads WhatsApp's sender to the same customer") {
  auto store = NewMemoryStore();
  CustomerSessions sessions(store.get());
  auto telegram = sessions.SessionFor("telegram", "42");
  REQUIRE(telegram.ok());
  REQUIRE(sessions.LinkVerifiedPhone("telegram", "42", "+7 916 123 45 67").ok());
  auto whatsapp = sessions.CustomerForVerifiedPhone("whatsapp", "79161234567", "79161234567");
  REQUIRE(whatsapp.ok());
  CHECK(CustomerSessions::SessionOf(*whatsapp) == *telegram);
  CHECK(*sessions.SessionFor("whatsapp", "79161234567") == *telegram);
}

TEST_CASE("CustomerSessions: a phone verified for an earlier customer redirects that one to the live conversation") {
  auto store = NewMemoryStore();
  CustomerSessions sessions(store.get());
  auto whatsapp = sessions.CustomerForVerifiedPhone("whatsapp", "79161234567", "79161234567");
  REQUIRE(whatsapp.ok());
  auto telegram = sessions.SessionFor("telegram", "42");
  REQUIRE(telegram.ok());
  CHECK(CustomerSessions::SessionOf(*whatsapp) != *telegram);
  REQUIRE(sessions.LinkVerifiedPhone("telegram", "42", "+79161234567").ok());
  CHECK(*sessions.SessionFor("whatsapp", "79161234567") == *telegram);
  CHECK(*sessions.SessionFor("telegram", "42") == *telegram);
}

TEST_CASE("CustomerSessions: different people stay apart, and without a store each identity is its own") {
  auto store = NewMemoryStore();
  CustomerSessions sessions(store.get());
  CHECK(*sessions.SessionFor("telegram", "1") != *sessions.SessionFor("telegram", "2"));
  CHECK_FALSE(sessions.LinkVerifiedPhone("telegram", "1", "not a phone").ok());
  CustomerSessions none(nullptr);
  CHECK(*none.SessionFor("telegram", "1") == "telegram:1");
}

}  // namespace
}  // namespace switchboard::adapters
