// One customer across channels: a booking started in Telegram, where the customer
// shares their phone, continues in WhatsApp from that number, with one history.
// (A typed phone asks its owner first: link_confirmation_test.cc.)
#include <doctest/doctest.h>

#include "integration/messengers/messenger_fixture.h"

namespace switchboard::testing {
namespace {

constexpr int64_t kAnnaTelegram = 777000111;
constexpr char kAnnaWhatsApp[] = "79161234567";

TEST_CASE("Cross-channel: a booking started in Telegram continues in WhatsApp after the customer shared their phone") {
  MessengerServer s;
  REQUIRE(s.PostTelegram(TelegramText(1, kAnnaTelegram, "/start")));
  CHECK(PollUntil([&] { return s.telegram().Sent(kAnnaTelegram).size() == 1; }, 15000));
  std::string book = CallbackData(s.telegram().Sent(kAnnaTelegram)[0], "Book");
  s.telegram().ExpectCallback("q1");
  REQUIRE(s.PostTelegram(TelegramCallback(2, kAnnaTelegram, "q1", book)));
  CHECK(PollUntil([&] { return s.telegram().Sent(kAnnaTelegram).size() == 2; }, 15000));
  std::string cut = CallbackData(s.telegram().Sent(kAnnaTelegram)[1], "Haircut");
  s.telegram().ExpectCallback("q2");
  REQUIRE(s.PostTelegram(TelegramCallback(3, kAnnaTelegram, "q2", cut)));
  CHECK(PollUntil([&] { return s.telegram().Sent(kAnnaTelegram).size() == 3; }, 15000));
  REQUIRE(s.PostTelegram(TelegramContact(4, kAnnaTelegram, "+7 916 123 45 67", kAnnaTelegram)));
  CHECK(PollUntil([&] { return s.telegram().Sent(kAnnaTelegram).size() == 4; }, 15000));
  CHECK(s.telegram().Sent(kAnnaTelegram)[3]["text"] == "Your name?");

  // The same person writes from WhatsApp: the booking goes on where it was.
  auto r = s.PostWhatsApp(WhatsAppText("wamid.X1", kAnnaWhatsApp, "Anna"));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(PollUntil([&] { return s.whatsapp().Sent(kAnnaWhatsApp).size() == 1; }, 15000));
  auto sent = s.whatsapp().Sent(kAnnaWhatsApp);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["text"]["body"] == "Booked cut for Anna, +79161234567.");
  CHECK(s.telegram().Sent(kAnnaTelegram).size() == 4);  // the reply went where the customer wrote

  // One history, both channels in it.
  const std::string session = s.SessionOf("telegram", std::to_string(kAnnaTelegram));
  CHECK(s.SessionOf("whatsapp", kAnnaWhatsApp) == session);
  std::vector<std::string> channels;
  for (const Event& e : s.Transcript(session)) {
    if (e.type == EventType::kUserSaid || e.type == EventType::kButtonPressed) channels.push_back(e.attrs.at("channel"));
  }
  CHECK(channels == std::vector<std::string>{"telegram", "telegram", "telegram", "telegram", "whatsapp"});
  CHECK(s.telegram().SchemaErrors().empty());
  CHECK(s.whatsapp().SchemaErrors().empty());
}

TEST_CASE("Cross-channel: a WhatsApp number nobody shared starts a conversation of its own") {
  MessengerServer s;
  REQUIRE(s.PostTelegram(TelegramText(1, kAnnaTelegram, "book")));
  CHECK(PollUntil([&] { return s.telegram().Sent(kAnnaTelegram).size() == 1; }, 15000));
  REQUIRE(s.PostWhatsApp(WhatsAppText("wamid.Y1", "79990001122", "prices")));
  CHECK(PollUntil([&] { return s.whatsapp().Sent("79990001122").size() == 2; }, 15000));
  CHECK(s.SessionOf("whatsapp", "79990001122") != s.SessionOf("telegram", std::to_string(kAnnaTelegram)));
}

}  // namespace
}  // namespace switchboard::testing
