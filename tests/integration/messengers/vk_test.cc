// The VK channel end to end: a real server, the test Redis, and a local fake of
// the VK API that checks every call against the documented schema.
#include <doctest/doctest.h>

#include "integration/messengers/messenger_fixture.h"

namespace switchboard::testing {
namespace {

constexpr int64_t kOlga = 555000111;

// A message_new notification as VK sends it.
nlohmann::json Notification(const std::string& event_id, int64_t from, nlohmann::json message_fields,
                            const std::string& secret = kVkSecret) {
  nlohmann::json message = {{"date", 1767225600}, {"from_id", from}, {"id", 1017}, {"out", 0}, {"peer_id", from},
                            {"text", ""}, {"conversation_message_id", 17}, {"fwd_messages", nlohmann::json::array()},
                            {"attachments", nlohmann::json::array()}, {"is_hidden", false}};
  message.update(message_fields);
  return {{"type", "message_new"},
          {"event_id", event_id},
          {"v", "5.199"},
          {"object", {{"message", message},
                      {"client_info", {{"button_actions", {"text", "open_link", "callback"}}, {"keyboard", true},
                                       {"inline_keyboard", true}, {"carousel", true}, {"lang_id", 0}}}}},
          {"group_id", 123456789},
          {"secret", secret}};
}
nlohmann::json Text(const std::string& event_id, int64_t from, const std::string& text) {
  return Notification(event_id, from, {{"text", text}});
}

std::vector<FakeVkApi::Call> WaitSent(MessengerServer& s, size_t n) {
  CHECK(PollUntil([&] { return s.vk().Sent(std::to_string(kOlga)).size() >= n; }, 15000));
  return s.vk().Sent(std::to_string(kOlga));
}

// The payload of the keyboard button labelled `label`.
std::string ButtonPayload(const FakeVkApi::Call& sent, const std::string& label) {
  auto keyboard = nlohmann::json::parse(sent.fields.at("keyboard"));
  for (const auto& row : keyboard["buttons"]) {
    for (const auto& b : row) {
      if (b["action"].value("label", "") == label) return b["action"].value("payload", "");
    }
  }
  return "";
}

TEST_CASE("VK: the confirmation request gets the confirmation string; other notifications get ok") {
  MessengerServer s;
  auto r = s.PostVk({{"type", "confirmation"}, {"group_id", 123456789}, {"secret", kVkSecret}});
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "a1b2c3d4");
  auto typing = s.PostVk({{"type", "message_typing_state"}, {"event_id", "e0"}, {"v", "5.199"},
                          {"object", {{"state", "typing"}}}, {"group_id", 123456789}, {"secret", kVkSecret}});
  REQUIRE(typing);
  CHECK(typing->status == 200);
  CHECK(typing->body == "ok");
}

TEST_CASE("VK: a notification without the right secret is refused with 403 and nothing is processed") {
  MessengerServer s;
  nlohmann::json forged = Text("e1", kOlga, "prices");
  forged["secret"] = "vkS3creT";
  auto r = s.PostVk(forged);
  REQUIRE(r);
  CHECK(r->status == 403);
  nlohmann::json missing = Text("e2", kOlga, "prices");
  missing.erase("secret");
  auto r2 = s.PostVk(missing);
  REQUIRE(r2);
  CHECK(r2->status == 403);
  auto confirmation = s.PostVk({{"type", "confirmation"}, {"group_id", 123456789}});
  REQUIRE(confirmation);
  CHECK(confirmation->status == 403);
  CHECK(confirmation->body.find("a1b2c3d4") == std::string::npos);
  CHECK(s.Transcript(s.SessionOf("vk", std::to_string(kOlga))).empty());
  CHECK(s.vk().Calls().empty());
}

TEST_CASE("VK: a text turn is answered with messages.send") {
  MessengerServer s;
  auto r = s.PostVk(Text("e10", kOlga, "prices"));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "ok");
  auto sent = WaitSent(s, 2);
  CHECK(sent[0].fields["message"] == "A haircut is 1500.");
  CHECK(sent[1].fields["message"] == "Colouring is 3000.");
  CHECK(sent[0].fields["v"] == "5.199");
  CHECK(s.vk().SchemaErrors().empty());
}

TEST_CASE("VK: an inline keyboard button comes back with its payload and presses the button") {
  MessengerServer s;
  REQUIRE(s.PostVk(Text("e20", kOlga, "book")));
  auto sent = WaitSent(s, 1);
  std::string payload = ButtonPayload(sent[0], "Haircut");
  REQUIRE(!payload.empty());
  REQUIRE(s.PostVk(Notification("e21", kOlga, {{"text", "Haircut"}, {"payload", payload}})));
  CHECK(WaitSent(s, 2)[1].fields["message"] == "Your phone number?");
  auto pressed = OfType(s.Transcript(s.SessionOf("vk", std::to_string(kOlga))), EventType::kButtonPressed);
  CHECK(pressed.size() == 1);
  CHECK(s.vk().SchemaErrors().empty());
}

TEST_CASE("VK: a typed phone fills the phone question (VK shares no contacts)") {
  MessengerServer s;
  REQUIRE(s.PostVk(Text("e30", kOlga, "book")));
  WaitSent(s, 1);
  REQUIRE(s.PostVk(Text("e31", kOlga, "2")));
  CHECK(WaitSent(s, 2)[1].fields["message"] == "Your phone number?");
  REQUIRE(s.PostVk(Text("e32", kOlga, "+7 916 123-45-67")));
  CHECK(WaitSent(s, 3)[2].fields["message"] == "Your name?");
}

TEST_CASE("VK: a sticker gets a polite answer and stays in the transcript as a sticker") {
  MessengerServer s;
  REQUIRE(s.PostVk(Notification("e40", kOlga, {{"attachments", {{{"type", "sticker"}, {"sticker", {{"sticker_id", 9}}}}}}})));
  auto sent = WaitSent(s, 1);
  CHECK(sent[0].fields["message"].find("cannot read messages like that") != std::string::npos);
  auto said = OfType(s.Transcript(s.SessionOf("vk", std::to_string(kOlga))), EventType::kUserSaid);
  REQUIRE(said.size() == 1);
  CHECK(said[0].attrs["content"] == "sticker");
}

TEST_CASE("VK: a retried notification is processed once; group chats and edits are acknowledged and ignored") {
  MessengerServer s;
  for (int i = 0; i < 3; ++i) {
    auto r = s.PostVk(Text("e50", kOlga, "prices"));
    REQUIRE(r);
    CHECK(r->body == "ok");
  }
  auto chat = Text("e51", kOlga, "prices");
  chat["object"]["message"]["peer_id"] = 2000000001;
  CHECK(s.PostVk(chat)->body == "ok");
  auto edit = Text("e52", kOlga, "prices");
  edit["type"] = "message_edit";
  CHECK(s.PostVk(edit)->body == "ok");
  REQUIRE(s.PostVk(Text("e53", kOlga, "prices")));
  auto sent = WaitSent(s, 4);
  CHECK(sent.size() == 4);
  CHECK(OfType(s.Transcript(s.SessionOf("vk", std::to_string(kOlga))), EventType::kUserSaid).size() == 2);
}

TEST_CASE("VK: 'too many requests per second' is retried and the replies arrive later, in order") {
  MessengerServer s;
  s.vk().FailNext(1, 6);
  REQUIRE(s.PostVk(Text("e60", kOlga, "prices")));
  auto sent = WaitSent(s, 2);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].fields["message"] == "A haircut is 1500.");
  CHECK(sent[1].fields["message"] == "Colouring is 3000.");
  CHECK(s.vk().Calls().size() == 3);
}

TEST_CASE("VK: a user who does not accept messages is recorded and not retried") {
  MessengerServer s;
  s.vk().Closed(std::to_string(kOlga));
  REQUIRE(s.PostVk(Text("e70", kOlga, "prices")));
  const std::string session = s.SessionOf("vk", std::to_string(kOlga));
  CHECK(PollUntil([&] { return OfType(s.Transcript(session), EventType::kOperatorNote).size() == 2; }, 15000));
  CHECK(OfType(s.Transcript(session), EventType::kOperatorNote)[0].text.find("does not accept") != std::string::npos);
  CHECK(s.vk().Calls().size() == 2);
}

}  // namespace
}  // namespace switchboard::testing
