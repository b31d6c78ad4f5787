// Replies as Viber send_message calls, callbacks read, and what Viber's answers mean.
#include "adapters/viber/viber_outbound.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/viber/viber_event.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

TEST_CASE("Viber: buttons become a keyboard whose reply buttons send their label; links open-url") {
  Reply reply{"Which?", {{"Haircut", "~1.0", ButtonAction::kChoose, "cut"}, {"Site", "", ButtonAction::kLink, "https://x.example"}}, {"Prices"}};
  auto bodies = RenderViberReply(reply, "01234567890A=", "Studio Lumi");
  REQUIRE(bodies.size() == 1);
  json m = json::parse(bodies[0]);
  CHECK(m["receiver"] == "01234567890A=");
  CHECK(m["sender"]["name"] == "Studio Lumi");
  auto buttons = m["keyboard"]["Buttons"];
  REQUIRE(buttons.size() == 3);
  CHECK(buttons[0]["ActionType"] == "reply");
  CHECK(buttons[0]["ActionBody"] == "Haircut");
  CHECK(buttons[1]["ActionType"] == "open-url");
  CHECK(buttons[1]["ActionBody"] == "https://x.example");
  CHECK(buttons[2]["ActionBody"] == "Prices");
}

TEST_CASE("Viber: more than 24 buttons are written out numbered; texts over 7000 are split") {
  std::vector<Button> many;
  for (int i = 0; i < 25; ++i) many.push_back({"o" + std::to_string(i + 1), "~1." + std::to_string(i), ButtonAction::kChoose, "v"});
  json m = json::parse(RenderViberReply({"Pick", many, {}}, "r", "Bot")[0]);
  CHECK_FALSE(m.contains("keyboard"));
  CHECK(m["text"].get<std::string>().find("\n25. o25") != std::string::npos);
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "Word word. ";
  CHECK(RenderViberReply({text, {}, {}}, "r", "Bot").size() == 2);
}

TEST_CASE("Viber: status 0 is delivered, 12 is retried, 6 is permanent") {
  int status = 0;
  CHECK(ViberOutcome({200, R"({"status":0,"status_message":"ok"})", "", ""}, &status).kind == DeliveryOutcome::Kind::kDelivered);
  CHECK(ViberOutcome({200, R"({"status":12,"status_message":"Too many requests"})", "", ""}, &status).kind == DeliveryOutcome::Kind::kRetry);
  CHECK(ViberOutcome({200, R"({"status":6,"status_message":"receiverNotSubscribed"})", "", ""}, &status).kind == DeliveryOutcome::Kind::kPermanent);
  CHECK(status == 6);
  CHECK(ViberOutcome({503, "", "", ""}, &status).kind == DeliveryOutcome::Kind::kRetry);
}

TEST_CASE("ViberEvent keeps 64-bit message tokens exactly and names other content") {
  auto v = ParseViberEvent(R"({"event":"message","message_token":5466394919049723652,
    "sender":{"id":"A=","language":"ru"},"message":{"type":"sticker","sticker_id":46105}})");
  REQUIRE(v.ok());
  CHECK(v->message_token == "5466394919049723652");
  CHECK(v->kind == ViberEvent::Kind::kUnsupported);
  CHECK(v->content == "sticker");
  CHECK(v->language == "ru");
  CHECK_FALSE(ParseViberEvent("[]").ok());
  CHECK_FALSE(ParseViberEvent("{\"event\":").ok());
  auto seen = ParseViberEvent(R"({"event":"seen","message_token":1,"user_id":"A="})");
  REQUIRE(seen.ok());
  CHECK(seen->kind == ViberEvent::Kind::kIgnored);
}

}  // namespace
}  // namespace switchboard::adapters
