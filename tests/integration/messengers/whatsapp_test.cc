// The WhatsApp channel end to end: a real server, the test Redis, and a local fake
// of the Cloud API that checks every call against Meta's documented schema.
#include <doctest/doctest.h>

#include <chrono>

#include "integration/messengers/messenger_fixture.h"

namespace switchboard::testing {
namespace {

constexpr char kMaria[] = "34600111222";

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A webhook body with one message from `from`, as Meta sends it.
std::string Webhook(const nlohmann::json& message, const std::string& phone_number_id = kPhoneNumberId) {
  nlohmann::json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550783881"}, {"phone_number_id", phone_number_id}}},
      {"contacts", {{{"profile", {{"name", "Maria Lopez"}}}, {"wa_id", message.value("from", "")}}}},
      {"messages", {message}}};
  nlohmann::json body = {{"object", "whatsapp_business_account"},
                         {"entry", {{{"id", "102290129340398"}, {"changes", {{{"field", "messages"}, {"value", value}}}}}}}};
  return body.dump();
}

nlohmann::json Message(const std::string& id, const std::string& from, nlohmann::json fields,
                       int64_t timestamp = NowSeconds()) {
  nlohmann::json m = {{"from", from}, {"id", id}, {"timestamp", std::to_string(timestamp)}};
  m.update(fields);
  return m;
}
nlohmann::json Text(const std::string& id, const std::string& from, const std::string& text) {
  return Message(id, from, {{"type", "text"}, {"text", {{"body", text}}}});
}

std::vector<nlohmann::json> WaitSent(MessengerServer& s, const std::string& to, size_t n) {
  CHECK(PollUntil([&] { return s.whatsapp().Sent(to).size() >= n; }, 15000));
  return s.whatsapp().Sent(to);
}

std::string Body(const nlohmann::json& sent) {
  if (sent["type"] == "text") return sent["text"]["body"];
  return sent["interactive"]["body"]["text"];
}

TEST_CASE("WhatsApp: the subscription handshake echoes the challenge only for the verify token") {
  MessengerServer s;
  auto ok = s.Client().Get("/hooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=lumi-verify-token");
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(ok->body == "1158201444");
  CHECK(ok->get_header_value("Content-Type").find("text/plain") == 0);
  auto wrong = s.Client().Get("/hooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess");
  REQUIRE(wrong);
  CHECK(wrong->status == 403);
  CHECK(wrong->body.find("1158201444") == std::string::npos);
}

TEST_CASE("WhatsApp: a body without the right signature is refused with 401 and nothing is processed") {
  MessengerServer s;
  std::string body = Webhook(Text("wamid.IN_1", kMaria, "prices"));
  auto missing = s.PostWhatsApp(body, "");
  REQUIRE(missing);
  CHECK(missing->status == 401);
  auto forged = s.PostWhatsApp(body, "another-secret");
  REQUIRE(forged);
  CHECK(forged->status == 401);
  // Signed over other bytes than those sent.
  httplib::Headers h{{"X-Hub-Signature-256", "sha256=" + adapters::HmacSha256Hex(kAppSecret, body + " ")}};
  auto tampered = s.Client().Post("/hooks/whatsapp", h, body, "application/json");
  REQUIRE(tampered);
  CHECK(tampered->status == 401);
  CHECK(s.Transcript(s.SessionOf("whatsapp", kMaria)).empty());
  CHECK(s.whatsapp().Calls().empty());
}

TEST_CASE("WhatsApp: a text turn is answered through the Cloud API") {
  MessengerServer s;
  auto r = s.PostWhatsApp(Webhook(Text("wamid.IN_10", kMaria, "prices")));
  REQUIRE(r);
  CHECK(r->status == 200);
  auto sent = WaitSent(s, kMaria, 2);
  CHECK(Body(sent[0]) == "A haircut is 1500.");
  CHECK(Body(sent[1]) == "Colouring is 3000.");
  CHECK(s.whatsapp().SchemaErrors().empty());
}

TEST_CASE("WhatsApp: reply buttons are pressed with an interactive button_reply") {
  MessengerServer s;
  REQUIRE(s.PostWhatsApp(Webhook(Text("wamid.IN_20", kMaria, "book"))));
  auto sent = WaitSent(s, kMaria, 1);
  REQUIRE(sent[0]["type"] == "interactive");
  REQUIRE(sent[0]["interactive"]["type"] == "button");
  auto buttons = sent[0]["interactive"]["action"]["buttons"];
  REQUIRE(buttons.size() == 2);
  CHECK(buttons[0]["reply"]["title"] == "Haircut");
  std::string id = buttons[0]["reply"]["id"];
  nlohmann::json press = Message("wamid.IN_21", kMaria,
                                 {{"type", "interactive"},
                                  {"context", {{"from", "15550783881"}, {"id", "wamid.OUT_1"}}},
                                  {"interactive", {{"type", "button_reply"}, {"button_reply", {{"id", id}, {"title", "Haircut"}}}}}});
  auto r = s.PostWhatsApp(Webhook(press));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(Body(WaitSent(s, kMaria, 2)[1]) == "Your phone number?");
  auto pressed = OfType(s.Transcript(s.SessionOf("whatsapp", kMaria)), EventType::kButtonPressed);
  REQUIRE(pressed.size() == 1);
  CHECK(pressed[0].value == id);
  CHECK(s.whatsapp().SchemaErrors().empty());
}

TEST_CASE("WhatsApp: a shared contact card fills the phone question") {
  MessengerServer s;
  REQUIRE(s.PostWhatsApp(Webhook(Text("wamid.IN_30", kMaria, "book"))));
  WaitSent(s, kMaria, 1);
  REQUIRE(s.PostWhatsApp(Webhook(Text("wamid.IN_31", kMaria, "Haircut"))));  // the label's text presses it
  CHECK(Body(WaitSent(s, kMaria, 2)[1]) == "Your phone number?");
  nlohmann::json card = Message("wamid.IN_32", kMaria,
                                {{"type", "contacts"},
                                 {"contacts", {{{"name", {{"formatted_name", "Maria Lopez"}}},
                                                {"phones", {{{"phone", "+7 916 123-45-67"}, {"type", "CELL"}}}}}}}});
  REQUIRE(s.PostWhatsApp(Webhook(card)));
  CHECK(Body(WaitSent(s, kMaria, 3)[2]) == "Your name?");
}

TEST_CASE("WhatsApp: an image gets a polite answer and stays in the transcript as an image") {
  MessengerServer s;
  nlohmann::json image = Message("wamid.IN_40", kMaria,
                                 {{"type", "image"}, {"image", {{"id", "1234"}, {"mime_type", "image/jpeg"}, {"caption", "my nails"}}}});
  REQUIRE(s.PostWhatsApp(Webhook(image)));
  auto sent = WaitSent(s, kMaria, 1);
  CHECK(Body(sent[0]).find("cannot read messages like that") != std::string::npos);
  auto said = OfType(s.Transcript(s.SessionOf("whatsapp", kMaria)), EventType::kUserSaid);
  REQUIRE(said.size() == 1);
  CHECK(said[0].attrs["content"] == "image");
  CHECK(said[0].text == "my nails");
}

TEST_CASE("WhatsApp: statuses, other numbers' events and retried webhooks are processed once") {
  MessengerServer s;
  std::string body = Webhook(Text("wamid.IN_50", kMaria, "prices"));
  for (int i = 0; i < 3; ++i) {
    auto r = s.PostWhatsApp(body);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  auto other = s.PostWhatsApp(Webhook(Text("wamid.IN_51", kMaria, "book"), "999999"));
  REQUIRE(other);
  CHECK(other->status == 200);
  nlohmann::json statuses = {{"object", "whatsapp_business_account"},
                             {"entry", {{{"id", "1"}, {"changes", {{{"field", "messages"}, {"value",
                               {{"messaging_product", "whatsapp"},
                                {"metadata", {{"display_phone_number", "15550783881"}, {"phone_number_id", kPhoneNumberId}}},
                                {"statuses", {{{"id", "wamid.OUT_1"}, {"status", "delivered"}, {"timestamp", "1767225605"},
                                               {"recipient_id", kMaria}}}}}}}}}}}}};
  auto receipt = s.PostWhatsApp(statuses.dump());
  REQUIRE(receipt);
  CHECK(receipt->status == 200);
  REQUIRE(s.PostWhatsApp(Webhook(Text("wamid.IN_52", kMaria, "prices"))));
  auto sent = WaitSent(s, kMaria, 4);
  CHECK(sent.size() == 4);
  CHECK(OfType(s.Transcript(s.SessionOf("whatsapp", kMaria)), EventType::kUserSaid).size() == 2);
}

TEST_CASE("WhatsApp: a 429 throughput error is retried and the replies arrive later, in order") {
  MessengerServer s;
  s.whatsapp().FailNext(2, 429, 130429);
  REQUIRE(s.PostWhatsApp(Webhook(Text("wamid.IN_60", kMaria, "prices"))));
  auto sent = WaitSent(s, kMaria, 2);
  REQUIRE(sent.size() == 2);
  CHECK(Body(sent[0]) == "A haircut is 1500.");
  CHECK(Body(sent[1]) == "Colouring is 3000.");
  CHECK(s.whatsapp().Calls().size() == 4);
  CHECK(s.whatsapp().SchemaErrors().empty());
}

TEST_CASE("WhatsApp: a customer who cannot be reached is recorded and not retried") {
  MessengerServer s;
  s.whatsapp().Unreachable(kMaria);
  REQUIRE(s.PostWhatsApp(Webhook(Text("wamid.IN_70", kMaria, "prices"))));
  const std::string session = s.SessionOf("whatsapp", kMaria);
  CHECK(PollUntil([&] { return OfType(s.Transcript(session), EventType::kOperatorNote).size() == 2; }, 15000));
  auto notes = OfType(s.Transcript(session), EventType::kOperatorNote);
  REQUIRE(!notes.empty());
  CHECK(notes[0].text.find("cannot be reached") != std::string::npos);
  CHECK(s.whatsapp().Calls().size() == 2);  // one attempt per reply
}

TEST_CASE("WhatsApp: outside the 24-hour window a reply is not sent, and the log and the transcript say so") {
  MessengerServer s;
  const int64_t two_days_ago = NowSeconds() - 2 * 24 * 3600;
  REQUIRE(s.PostWhatsApp(Webhook(Message("wamid.IN_80", kMaria, {{"type", "text"}, {"text", {{"body", "prices"}}}},
                                         two_days_ago))));
  const std::string session = s.SessionOf("whatsapp", kMaria);
  CHECK(PollUntil([&] { return OfType(s.Transcript(session), EventType::kOperatorNote).size() == 2; }, 15000));
  auto notes = OfType(s.Transcript(session), EventType::kOperatorNote);
  CHECK(notes[0].text.find("24 hours") != std::string::npos);
  CHECK(s.whatsapp().Calls().empty());
}

}  // namespace
}  // namespace switchboard::testing
