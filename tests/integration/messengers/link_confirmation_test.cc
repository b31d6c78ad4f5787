// One customer across channels, asked before linking: a stranger in Telegram types
// the phone a WhatsApp customer verified. Nothing is linked on that; the owner is
// asked in WhatsApp, and only the owner's yes joins the two conversations.
#include <doctest/doctest.h>

#include <set>

#include "integration/messengers/messenger_fixture.h"

namespace switchboard::testing {
namespace {

constexpr int64_t kTelegramUser = 777000222;
constexpr int64_t kOtherTelegramUser = 777000333;
constexpr char kOwnerWhatsApp[] = "79161234567";

// The WhatsApp question's buttons: {yes id, no id}.
struct Question {
  std::string yes, no;
};

bool IsQuestion(const nlohmann::json& sent) {
  return sent.value("type", "") == "interactive" && sent["interactive"].value("type", "") == "button" &&
         sent["interactive"]["body"]["text"].get<std::string>().find("Это вы?") != std::string::npos;
}

std::string Text(const nlohmann::json& sent) {
  if (sent.value("type", "") == "interactive") return sent["interactive"]["body"]["text"];
  if (sent.contains("text") && sent["text"].is_object()) return sent["text"]["body"];
  return sent.value("text", "");
}

// The owner has history on WhatsApp; the Telegram user books and types the
// owner's number. Returns the question the owner got.
Question TypeOwnersPhoneInTelegram(MessengerServer& s) {
  REQUIRE(s.PostWhatsApp(WhatsAppText("wamid.O1", kOwnerWhatsApp, "prices")));
  REQUIRE(PollUntil([&] { return s.whatsapp().Sent(kOwnerWhatsApp).size() == 2; }, 15000));
  REQUIRE(s.PostTelegram(TelegramText(1, kTelegramUser, "book")));
  REQUIRE(PollUntil([&] { return s.telegram().Sent(kTelegramUser).size() == 1; }, 15000));
  REQUIRE(s.PostTelegram(TelegramText(2, kTelegramUser, "Haircut")));
  REQUIRE(PollUntil([&] { return s.telegram().Sent(kTelegramUser).size() == 2; }, 15000));
  REQUIRE(s.PostTelegram(TelegramText(3, kTelegramUser, "+7 916 123-45-67")));
  REQUIRE(PollUntil([&] { return s.telegram().Sent(kTelegramUser).size() == 4; }, 15000));
  REQUIRE(PollUntil([&] { return s.whatsapp().Sent(kOwnerWhatsApp).size() == 3; }, 15000));
  const nlohmann::json question = s.whatsapp().Sent(kOwnerWhatsApp)[2];
  REQUIRE(IsQuestion(question));
  const auto& buttons = question["interactive"]["action"]["buttons"];
  REQUIRE(buttons.size() == 2);
  return {buttons[0]["reply"]["id"], buttons[1]["reply"]["id"]};
}

bool Linked(MessengerServer& s) {
  return s.SessionOf("telegram", std::to_string(kTelegramUser)) == s.SessionOf("whatsapp", kOwnerWhatsApp);
}

TEST_CASE("Cross-channel: a phone typed in Telegram asks its WhatsApp owner, masked, and links nothing yet") {
  MessengerServer s;
  TypeOwnersPhoneInTelegram(s);
  // Exactly one question, to the owner's number, with the two buttons and the number masked.
  auto sent = s.whatsapp().Sent(kOwnerWhatsApp);
  int questions = 0;
  for (const auto& m : sent) questions += IsQuestion(m) ? 1 : 0;
  CHECK(questions == 1);
  const nlohmann::json& q = sent[2];
  const std::string body = Text(q);
  CHECK(body.find("Нам пишут из Telegram") != std::string::npos);
  CHECK(body.find("+7 916 ***-**-67") != std::string::npos);
  CHECK(body.find("123") == std::string::npos);
  const auto& buttons = q["interactive"]["action"]["buttons"];
  CHECK(buttons[0]["reply"]["title"] == "Да, это я");
  CHECK(buttons[1]["reply"]["title"] == "Нет, не я");
  CHECK(buttons[0]["reply"]["id"].get<std::string>().size() <= 64);
  CHECK(buttons[0]["reply"]["id"] != buttons[1]["reply"]["id"]);
  // The question is in the owner's transcript.
  auto owner_said = OfType(s.Transcript(s.SessionOf("whatsapp", kOwnerWhatsApp)), EventType::kBotSaid);
  REQUIRE_FALSE(owner_said.empty());
  CHECK(owner_said.back().text == body);
  // Nothing is linked; the Telegram user's form goes on and they are told where to confirm.
  CHECK_FALSE(Linked(s));
  auto telegram = s.telegram().Sent(kTelegramUser);
  CHECK(Text(telegram[2]) == "Your name?");
  CHECK(Text(telegram[3]) ==
        "Этот номер уже знаком нам по WhatsApp. Чтобы продолжить прежнюю переписку, подтвердите там: мы отправили вопрос.");
  // Operators see why, and that the owner was asked.
  const std::string owner_session = s.SessionOf("whatsapp", kOwnerWhatsApp);
  auto notes = OfType(s.Transcript(s.SessionOf("telegram", std::to_string(kTelegramUser))), EventType::kOperatorNote);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].text.find("not linked") != std::string::npos);
  CHECK(notes[0].text.find("The owner was asked in whatsapp") != std::string::npos);
  CHECK(notes[0].text.find(owner_session) != std::string::npos);
  CHECK(s.telegram().SchemaErrors().empty());
  CHECK(s.whatsapp().SchemaErrors().empty());
}

TEST_CASE("Cross-channel: the owner's yes joins the conversations; the booking goes on and a second press links nothing") {
  MessengerServer s;
  Question q = TypeOwnersPhoneInTelegram(s);
  REQUIRE(s.PostWhatsApp(WhatsAppButtonReply("wamid.O2", kOwnerWhatsApp, q.yes, "Да, это я")));
  REQUIRE(PollUntil([&] { return s.whatsapp().Sent(kOwnerWhatsApp).size() == 4; }, 15000));
  CHECK(Text(s.whatsapp().Sent(kOwnerWhatsApp)[3]).find("Спасибо!") == 0);
  REQUIRE(PollUntil([&] { return s.telegram().Sent(kTelegramUser).size() == 5; }, 15000));
  CHECK(Text(s.telegram().Sent(kTelegramUser)[4]) ==
        "Номер подтвердили в WhatsApp: теперь это одна переписка, продолжаем.");
  CHECK(Linked(s));

  // The Telegram user's next message continues the booking in the one conversation.
  REQUIRE(s.PostTelegram(TelegramText(5, kTelegramUser, "Anna")));
  REQUIRE(PollUntil([&] { return s.telegram().Sent(kTelegramUser).size() == 6; }, 15000));
  CHECK(Text(s.telegram().Sent(kTelegramUser)[5]) == "Booked cut for Anna, +79161234567.");
  // The owner writes from WhatsApp again: the same conversation answers there.
  REQUIRE(s.PostWhatsApp(WhatsAppText("wamid.O3", kOwnerWhatsApp, "prices")));
  REQUIRE(PollUntil([&] { return s.whatsapp().Sent(kOwnerWhatsApp).size() == 6; }, 15000));
  const std::string joint = s.SessionOf("telegram", std::to_string(kTelegramUser));
  std::set<std::string> channels;
  const auto transcript = s.Transcript(joint);
  for (const Event& e : transcript) {
    if (e.type == EventType::kUserSaid || e.type == EventType::kButtonPressed) channels.insert(e.attrs.at("channel"));
  }
  CHECK(channels == std::set<std::string>{"telegram", "whatsapp"});
  bool booked = false;
  for (const Event& e : OfType(transcript, EventType::kBotSaid)) booked = booked || e.text.starts_with("Booked cut");
  CHECK(booked);
  auto notes = OfType(transcript, EventType::kOperatorNote);
  REQUIRE(notes.size() == 2);
  CHECK(notes[1].text.find("the conversations are linked") != std::string::npos);

  // A second press of the same button links nothing more and gets a short answer.
  REQUIRE(s.PostWhatsApp(WhatsAppButtonReply("wamid.O4", kOwnerWhatsApp, q.yes, "Да, это я")));
  REQUIRE(PollUntil([&] { return s.whatsapp().Sent(kOwnerWhatsApp).size() == 7; }, 15000));
  CHECK(Text(s.whatsapp().Sent(kOwnerWhatsApp)[6]) ==
        "Этот вопрос уже закрыт: на него ответили или прошло больше суток.");
  CHECK(s.SessionOf("whatsapp", kOwnerWhatsApp) == joint);
  CHECK(s.telegram().Sent(kTelegramUser).size() == 6);
  CHECK(s.telegram().SchemaErrors().empty());
  CHECK(s.whatsapp().SchemaErrors().empty());
}

TEST_CASE("Cross-channel: the owner's no (typed as 2) links nothing and notes the typing customer's conversation") {
  MessengerServer s;
  Question q = TypeOwnersPhoneInTelegram(s);
  REQUIRE(s.PostWhatsApp(WhatsAppText("wamid.O2", kOwnerWhatsApp, "2")));
  REQUIRE(PollUntil([&] { return s.whatsapp().Sent(kOwnerWhatsApp).size() == 4; }, 15000));
  CHECK(Text(s.whatsapp().Sent(kOwnerWhatsApp)[3]) == "Хорошо, ничего не меняем.");
  CHECK_FALSE(Linked(s));
  const std::string telegram = s.SessionOf("telegram", std::to_string(kTelegramUser));
  auto notes = OfType(s.Transcript(telegram), EventType::kOperatorNote);
  REQUIRE(notes.size() == 2);
  CHECK(notes[1].text.find("is not them: nothing was linked") != std::string::npos);
  // The question is closed: a late yes links nothing.
  REQUIRE(s.PostWhatsApp(WhatsAppButtonReply("wamid.O3", kOwnerWhatsApp, q.yes, "Да, это я")));
  REQUIRE(PollUntil([&] { return s.whatsapp().Sent(kOwnerWhatsApp).size() == 5; }, 15000));
  CHECK_FALSE(Linked(s));
  // Each goes on in their own conversation.
  REQUIRE(s.PostTelegram(TelegramText(5, kTelegramUser, "Anna")));
  REQUIRE(PollUntil([&] { return s.telegram().Sent(kTelegramUser).size() == 5; }, 15000));
  CHECK(Text(s.telegram().Sent(kTelegramUser)[4]) == "Booked cut for Anna, +79161234567.");
  CHECK(s.telegram().Sent(kTelegramUser).size() == 5);
}

TEST_CASE("Cross-channel: a press of the owner's button from another identity is refused and the owner can still answer") {
  MessengerServer s;
  Question q = TypeOwnersPhoneInTelegram(s);
  // The Telegram user who typed the number presses yes with the token.
  s.telegram().ExpectCallback("forged1");
  REQUIRE(s.PostTelegram(TelegramCallback(4, kTelegramUser, "forged1", q.yes)));
  REQUIRE(PollUntil([&] { return s.telegram().Sent(kTelegramUser).size() == 5; }, 15000));
  CHECK(Text(s.telegram().Sent(kTelegramUser)[4]) == "Ответить на этот вопрос может только владелец номера.");
  CHECK_FALSE(Linked(s));
  // So is a third identity with a conversation of its own.
  REQUIRE(s.PostTelegram(TelegramText(5, kOtherTelegramUser, "prices")));
  REQUIRE(PollUntil([&] { return s.telegram().Sent(kOtherTelegramUser).size() == 2; }, 15000));
  s.telegram().ExpectCallback("forged2");
  REQUIRE(s.PostTelegram(TelegramCallback(6, kOtherTelegramUser, "forged2", q.yes)));
  REQUIRE(PollUntil([&] { return s.telegram().Sent(kOtherTelegramUser).size() == 3; }, 15000));
  CHECK(Text(s.telegram().Sent(kOtherTelegramUser)[2]) == "Ответить на этот вопрос может только владелец номера.");
  CHECK(s.SessionOf("telegram", std::to_string(kOtherTelegramUser)) != s.SessionOf("whatsapp", kOwnerWhatsApp));
  CHECK_FALSE(Linked(s));
  // The refusals took nothing: the owner's yes still links.
  REQUIRE(s.PostWhatsApp(WhatsAppButtonReply("wamid.O2", kOwnerWhatsApp, q.yes, "Да, это я")));
  REQUIRE(PollUntil([&] { return Linked(s); }, 15000));
  CHECK(s.SessionOf("telegram", std::to_string(kOtherTelegramUser)) != s.SessionOf("whatsapp", kOwnerWhatsApp));
}

}  // namespace
}  // namespace switchboard::testing
