// The Viber channel end to end: a real server, the test Redis, and a local fake of
// the REST Bot API that checks every call against the documented schema.
#include <doctest/doctest.h>

#include "integration/messengers/messenger_fixture.h"

namespace switchboard::testing {
namespace {

constexpr char kIvan[] = "01234567890A=";

// A `message` callback as Viber sends it; message tokens exceed 2^53.
std::string Callback(uint64_t token, const std::string& sender, nlohmann::json message) {
  return nlohmann::json{{"event", "message"},
                        {"timestamp", 1767225600123LL},
                        {"chat_hostname", "SN-CHAT-05_"},
                        {"message_token", token},
                        {"sender", {{"id", sender}, {"name", "Ivan"}, {"language", "en"}, {"country", "UA"}, {"api_version", 10}}},
                        {"message", message},
                        {"silent", false}}
      .dump();
}
std::string TextCallback(uint64_t token, const std::string& sender, const std::string& text) {
  return Callback(token, sender, {{"type", "text"}, {"text", text}});
}

std::vector<nlohmann::json> WaitSent(MessengerServer& s, const std::string& to, size_t n) {
  CHECK(PollUntil([&] { return s.viber().Sent(to).size() >= n; }, 15000));
  return s.viber().Sent(to);
}

TEST_CASE("Viber: the set_webhook check and other events are acknowledged") {
  MessengerServer s;
  for (const char* body : {
           R"({"event":"webhook","timestamp":1767225000000,"chat_hostname":"SN-CHAT-22_","message_token":5466394344559121456})",
           R"({"event":"subscribed","timestamp":1767225510000,"user":{"id":"01234567890A=","name":"Ivan"},"message_token":5466358343372472299})",
           R"({"event":"delivered","timestamp":1767225605000,"message_token":5741311803571721087,"user_id":"01234567890A="})"}) {
    auto r = s.PostViber(body);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == "{\"status\":0}");
  }
  CHECK(s.viber().Calls().empty());
}

TEST_CASE("Viber: a callback without the right signature is refused with 403 and nothing is processed") {
  MessengerServer s;
  std::string body = TextCallback(5466394919049723652ULL, kIvan, "prices");
  auto missing = s.PostViber(body, "");
  REQUIRE(missing);
  CHECK(missing->status == 403);
  auto forged = s.PostViber(body, "another-token");
  REQUIRE(forged);
  CHECK(forged->status == 403);
  CHECK(s.Transcript(s.SessionOf("viber", kIvan)).empty());
  CHECK(s.viber().Calls().empty());
}

TEST_CASE("Viber: a text turn is answered with send_message") {
  MessengerServer s;
  auto r = s.PostViber(TextCallback(5466394919049723652ULL, kIvan, "prices"));
  REQUIRE(r);
  CHECK(r->status == 200);
  auto sent = WaitSent(s, kIvan, 2);
  CHECK(sent[0]["text"] == "A haircut is 1500.");
  CHECK(sent[0]["sender"]["name"] == "Studio Lumi");
  CHECK(sent[1]["text"] == "Colouring is 3000.");
  CHECK(s.viber().SchemaErrors().empty());
}

TEST_CASE("Viber: a keyboard button sends its label back, which presses it") {
  MessengerServer s;
  REQUIRE(s.PostViber(TextCallback(5466394919049723001ULL, kIvan, "book")));
  auto sent = WaitSent(s, kIvan, 1);
  REQUIRE(sent[0].contains("keyboard"));
  auto buttons = sent[0]["keyboard"]["Buttons"];
  REQUIRE(buttons.size() == 2);
  CHECK(buttons[0]["ActionType"] == "reply");
  std::string body = buttons[0]["ActionBody"];
  REQUIRE(s.PostViber(TextCallback(5466394919049723002ULL, kIvan, body)));
  CHECK(WaitSent(s, kIvan, 2)[1]["text"] == "Your phone number?");
  CHECK(s.viber().SchemaErrors().empty());
}

TEST_CASE("Viber: a shared contact fills the phone question") {
  MessengerServer s;
  REQUIRE(s.PostViber(TextCallback(5466394919049723101ULL, kIvan, "book")));
  WaitSent(s, kIvan, 1);
  REQUIRE(s.PostViber(TextCallback(5466394919049723102ULL, kIvan, "1")));  // the number presses it too
  CHECK(WaitSent(s, kIvan, 2)[1]["text"] == "Your phone number?");
  REQUIRE(s.PostViber(Callback(5466394919049723103ULL, kIvan,
                               {{"type", "contact"}, {"contact", {{"name", "Ivan"}, {"phone_number", "+380501234567"}}}})));
  CHECK(WaitSent(s, kIvan, 3)[2]["text"] == "Your name?");
}

TEST_CASE("Viber: a picture gets a polite answer and stays in the transcript as a picture") {
  MessengerServer s;
  REQUIRE(s.PostViber(Callback(5466394919049723201ULL, kIvan,
                               {{"type", "picture"}, {"media", "https://media.example.com/p.jpg"}, {"text", ""}})));
  auto sent = WaitSent(s, kIvan, 1);
  CHECK(sent[0]["text"].get<std::string>().find("cannot read messages like that") != std::string::npos);
  auto said = OfType(s.Transcript(s.SessionOf("viber", kIvan)), EventType::kUserSaid);
  REQUIRE(said.size() == 1);
  CHECK(said[0].attrs["content"] == "picture");
}

TEST_CASE("Viber: a retried callback is processed once, by its 64-bit message token") {
  MessengerServer s;
  std::string body = TextCallback(9223372036854775001ULL, kIvan, "prices");
  for (int i = 0; i < 3; ++i) {
    auto r = s.PostViber(body);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  // A token that differs only past a double's precision is another message.
  REQUIRE(s.PostViber(TextCallback(9223372036854775002ULL, kIvan, "prices")));
  auto sent = WaitSent(s, kIvan, 4);
  CHECK(sent.size() == 4);
  CHECK(OfType(s.Transcript(s.SessionOf("viber", kIvan)), EventType::kUserSaid).size() == 2);
}

TEST_CASE("Viber: 'too many requests' is retried and the replies arrive later, in order") {
  MessengerServer s;
  s.viber().FailNext(2, 12);
  REQUIRE(s.PostViber(TextCallback(5466394919049723301ULL, kIvan, "prices")));
  auto sent = WaitSent(s, kIvan, 2);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["text"] == "A haircut is 1500.");
  CHECK(sent[1]["text"] == "Colouring is 3000.");
  CHECK(s.viber().Calls().size() == 4);
}

TEST_CASE("Viber: a user who unsubscribed is recorded and not retried") {
  MessengerServer s;
  s.viber().Unsubscribed(kIvan);
  REQUIRE(s.PostViber(TextCallback(5466394919049723401ULL, kIvan, "prices")));
  const std::string session = s.SessionOf("viber", kIvan);
  CHECK(PollUntil([&] { return OfType(s.Transcript(session), EventType::kOperatorNote).size() == 2; }, 15000));
  CHECK(OfType(s.Transcript(session), EventType::kOperatorNote)[0].text.find("unsubscribed") != std::string::npos);
  CHECK(s.viber().Calls().size() == 2);
}

}  // namespace
}  // namespace switchboard::testing
