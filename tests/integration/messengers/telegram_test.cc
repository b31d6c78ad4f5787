// The Telegram channel end to end: a real server, the test Redis, and a local
// fake of the Bot API that checks every call against the documented schema.
#include <doctest/doctest.h>

#include "integration/messengers/messenger_fixture.h"

namespace switchboard::testing {
namespace {

constexpr int64_t kAnna = 123456789;

// Waits until `n` messages were accepted for the chat; returns them.
std::vector<nlohmann::json> WaitSent(MessengerServer& s, int64_t chat, size_t n) {
  CHECK(PollUntil([&] { return s.telegram().Sent(chat).size() >= n; }, 15000));
  return s.telegram().Sent(chat);
}

TEST_CASE("Telegram: an update without the right secret token is refused with 401 and nothing is processed") {
  MessengerServer s;
  auto missing = s.PostTelegram(TelegramText(1, kAnna, "/start"), "");
  REQUIRE(missing);
  CHECK(missing->status == 401);
  auto wrong = s.PostTelegram(TelegramText(2, kAnna, "/start"), "tg_S3cret-tokeN");
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  // The first real update starts the conversation: the refused ones left no trace.
  auto ok = s.PostTelegram(TelegramText(3, kAnna, "/start"));
  REQUIRE(ok);
  CHECK(ok->status == 200);
  auto said = OfType(s.Transcript(s.SessionOf("telegram", std::to_string(kAnna))), EventType::kUserSaid);
  REQUIRE(said.size() == 1);
  CHECK(said[0].attrs["message_id"] == "tg3");
  CHECK(WaitSent(s, kAnna, 1).size() == 1);
  CHECK(s.telegram().SchemaErrors().empty());
}

TEST_CASE("Telegram: a body that is not an Update gets a 400 that says why") {
  MessengerServer s;
  httplib::Headers h{{"X-Telegram-Bot-Api-Secret-Token", kTelegramSecret}};
  auto r = s.Client().Post("/hooks/telegram", h, "{\"message\":", "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(r->body.find("not valid JSON") != std::string::npos);
  auto no_id = s.Client().Post("/hooks/telegram", h, "{\"message\":{}}", "application/json");
  REQUIRE(no_id);
  CHECK(no_id->status == 400);
  CHECK(no_id->body.find("update_id") != std::string::npos);
}

TEST_CASE("Telegram: a text turn is answered with sendMessage and an inline keyboard") {
  MessengerServer s;
  auto r = s.PostTelegram(TelegramText(10, kAnna, "/start"));
  REQUIRE(r);
  CHECK(r->status == 200);
  auto sent = WaitSent(s, kAnna, 1);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["chat_id"] == kAnna);
  CHECK(sent[0]["text"] == "Hello! What would you like?");
  CHECK(!CallbackData(sent[0], "Book").empty());
  CHECK(!CallbackData(sent[0], "Prices").empty());
  CHECK(s.telegram().SchemaErrors().empty());
}

TEST_CASE("Telegram: a button press is answered with answerCallbackQuery and runs the button's step") {
  MessengerServer s;
  REQUIRE(s.PostTelegram(TelegramText(20, kAnna, "/start")));
  std::string book = CallbackData(WaitSent(s, kAnna, 1)[0], "Book");
  REQUIRE(!book.empty());
  s.telegram().ExpectCallback("4382917435261880321");
  auto r = s.PostTelegram(TelegramCallback(21, kAnna, "4382917435261880321", book));
  REQUIRE(r);
  CHECK(r->status == 200);
  auto sent = WaitSent(s, kAnna, 2);
  CHECK(sent[1]["text"] == "Which service?");
  CHECK(!CallbackData(sent[1], "Haircut").empty());
  auto calls = s.telegram().Calls();
  size_t answers = 0;
  for (const auto& c : calls) {
    if (c.method == "answercallbackquery") {
      ++answers;
      CHECK(c.accepted);
      CHECK(c.body["callback_query_id"] == "4382917435261880321");
    }
  }
  CHECK(answers == 1);
  auto pressed = OfType(s.Transcript(s.SessionOf("telegram", std::to_string(kAnna))), EventType::kButtonPressed);
  REQUIRE(pressed.size() == 1);
  CHECK(pressed[0].value == book);
  CHECK(s.telegram().SchemaErrors().empty());
}

TEST_CASE("Telegram: a contact the user shares of themselves fills the phone question and links the phone") {
  MessengerServer s;
  REQUIRE(s.PostTelegram(TelegramText(30, kAnna, "book")));
  std::string cut = CallbackData(WaitSent(s, kAnna, 1)[0], "Haircut");
  s.telegram().ExpectCallback("cb-30");
  REQUIRE(s.PostTelegram(TelegramCallback(31, kAnna, "cb-30", cut)));
  CHECK(WaitSent(s, kAnna, 2)[1]["text"] == "Your phone number?");
  auto r = s.PostTelegram(TelegramContact(32, kAnna, "79161234567", kAnna));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(WaitSent(s, kAnna, 3)[2]["text"] == "Your name?");
  // The phone now leads to the same customer.
  CHECK(s.SessionOf("phone", "+79161234567") == s.SessionOf("telegram", std::to_string(kAnna)));
  CHECK(s.telegram().SchemaErrors().empty());
}

TEST_CASE("Telegram: someone else's contact fills the question but links nothing") {
  MessengerServer s;
  REQUIRE(s.PostTelegram(TelegramText(35, kAnna, "/start")));
  WaitSent(s, kAnna, 1);
  REQUIRE(s.PostTelegram(TelegramContact(36, kAnna, "+79160000000", 555)));
  CHECK(s.SessionOf("phone", "+79160000000") != s.SessionOf("telegram", std::to_string(kAnna)));
}

TEST_CASE("Telegram: a sticker gets a polite answer and stays in the transcript as a sticker") {
  MessengerServer s;
  auto r = s.PostTelegram(TelegramMessage(40, kAnna, {{"sticker", {{"file_id", "CAAC"}, {"emoji", "😀"}}}}));
  REQUIRE(r);
  CHECK(r->status == 200);
  auto sent = WaitSent(s, kAnna, 1);
  CHECK(sent[0]["text"].get<std::string>().find("cannot read messages like that") != std::string::npos);
  auto said = OfType(s.Transcript(s.SessionOf("telegram", std::to_string(kAnna))), EventType::kUserSaid);
  REQUIRE(said.size() == 1);
  CHECK(said[0].attrs["content"] == "sticker");
}

TEST_CASE("Telegram: edits, group chats and other updates are acknowledged and ignored") {
  MessengerServer s;
  nlohmann::json edited = TelegramText(50, kAnna, "book");
  edited["edited_message"] = edited["message"];
  edited.erase("message");
  for (const nlohmann::json& update :
       {edited, TelegramMessage(51, kAnna, {{"text", "book"}}, "group"),
        nlohmann::json{{"update_id", 52}, {"my_chat_member", {{"chat", {{"id", kAnna}}}}}},
        TelegramMessage(53, kAnna, {{"new_chat_title", "x"}})}) {
    auto r = s.PostTelegram(update);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("ignored") != std::string::npos);
  }
  CHECK(s.Transcript(s.SessionOf("telegram", std::to_string(kAnna))).empty());
  CHECK(s.telegram().CountCalls("sendmessage") == 0);
}

TEST_CASE("Telegram: a retried update is processed once") {
  MessengerServer s;
  auto update = TelegramText(60, kAnna, "prices");
  for (int i = 0; i < 3; ++i) {
    auto r = s.PostTelegram(update);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  auto sent = WaitSent(s, kAnna, 2);
  CHECK(sent.size() == 2);
  CHECK(OfType(s.Transcript(s.SessionOf("telegram", std::to_string(kAnna))), EventType::kUserSaid).size() == 1);
  // Nothing more comes later either: the next turn's replies follow directly.
  REQUIRE(s.PostTelegram(TelegramText(61, kAnna, "/start")));
  sent = WaitSent(s, kAnna, 3);
  CHECK(sent.size() == 3);
  CHECK(sent[2]["text"] == "Hello! What would you like?");
}

TEST_CASE("Telegram: a 429 with retry_after is waited out and the replies arrive later, in order") {
  MessengerServer s;
  s.telegram().RateLimitNext(1, 1);
  REQUIRE(s.PostTelegram(TelegramText(70, kAnna, "prices")));
  auto sent = WaitSent(s, kAnna, 2);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["text"] == "A haircut is 1500.");
  CHECK(sent[1]["text"] == "Colouring is 3000.");
  CHECK(s.telegram().CountCalls("sendmessage") == 3);  // the refused attempt, then both
  CHECK(s.telegram().SchemaErrors().empty());
}

TEST_CASE("Telegram: a user who blocked the bot is recorded and not retried") {
  MessengerServer s;
  s.telegram().Block(kAnna);
  REQUIRE(s.PostTelegram(TelegramText(80, kAnna, "/start")));
  const std::string session = s.SessionOf("telegram", std::to_string(kAnna));
  CHECK(PollUntil([&] { return !OfType(s.Transcript(session), EventType::kOperatorNote).empty(); }, 15000));
  auto notes = OfType(s.Transcript(session), EventType::kOperatorNote);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].text.find("blocked the bot") != std::string::npos);
  CHECK(s.telegram().CountCalls("sendmessage") == 1);
  // The next reply is tried once too: the first was never tried again in between.
  REQUIRE(s.PostTelegram(TelegramText(81, kAnna, "prices")));
  CHECK(PollUntil([&] { return OfType(s.Transcript(session), EventType::kOperatorNote).size() == 3; }, 15000));
  CHECK(s.telegram().CountCalls("sendmessage") == 3);
  CHECK(s.telegram().Sent(kAnna).empty());
}

}  // namespace
}  // namespace switchboard::testing
