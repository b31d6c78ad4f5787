// Replies as VK messages.send calls, notifications read, and what VK's answers mean.
#include "adapters/vk/vk_outbound.h"

#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "adapters/vk/vk_event.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

std::map<std::string, std::string> Fields(const FormFields& f) { return {f.begin(), f.end()}; }

std::vector<Button> Choices(int n) {
  std::vector<Button> out;
  for (int i = 0; i < n; ++i) out.push_back({"o" + std::to_string(i + 1), "~1." + std::to_string(i), ButtonAction::kChoose, "v"});
  return out;
}

TEST_CASE("VK: buttons become an inline keyboard of text buttons carrying our payload") {
  auto calls = RenderVkReply({"Which?", Choices(2), {}}, "555000111", "customer:c1#3.0");
  REQUIRE(calls.size() == 1);
  auto f = Fields(calls[0]);
  CHECK(f["peer_id"] == "555000111");
  CHECK(f["message"] == "Which?");
  json keyboard = json::parse(f["keyboard"]);
  CHECK(keyboard["inline"] == true);
  CHECK(keyboard["buttons"][0][0]["action"] == json{{"type", "text"}, {"label", "o1"}, {"payload", "{\"p\":\"~1.0\"}"}});
}

TEST_CASE("VK: random_id is stable for a delivery and differs between pieces and deliveries") {
  auto a = Fields(RenderVkReply({"x", {}, {}}, "1", "customer:c1#3.0")[0]);
  auto again = Fields(RenderVkReply({"x", {}, {}}, "1", "customer:c1#3.0")[0]);
  auto b = Fields(RenderVkReply({"x", {}, {}}, "1", "customer:c1#3.1")[0]);
  CHECK(a["random_id"] == again["random_id"]);
  CHECK(a["random_id"] != b["random_id"]);
  CHECK(std::stoll(a["random_id"]) > 0);
}

TEST_CASE("VK: more than 10 buttons, or a label over 40 characters, are written out numbered") {
  auto eleven = Fields(RenderVkReply({"Pick", Choices(11), {}}, "1", "d")[0]);
  CHECK(eleven.count("keyboard") == 0);
  CHECK(eleven["message"].find("\n11. o11") != std::string::npos);
  auto ten = json::parse(Fields(RenderVkReply({"Pick", Choices(10), {}}, "1", "d")[0])["keyboard"]);
  CHECK(ten["buttons"].size() <= kVkMaxRows);
  for (const auto& row : ten["buttons"]) CHECK(row.size() <= kVkMaxPerRow);
}

TEST_CASE("VK: error 6 is retried after a second, 901 is permanent") {
  int code = 0;
  CHECK(VkOutcome({200, R"({"response":1018})", "", ""}, &code).kind == DeliveryOutcome::Kind::kDelivered);
  auto limited = VkOutcome({200, R"({"error":{"error_code":6,"error_msg":"Too many requests per second"}})", "", ""}, &code);
  CHECK(limited.kind == DeliveryOutcome::Kind::kRetry);
  CHECK(limited.retry_after_ms == 1000);
  CHECK(VkOutcome({200, R"({"error":{"error_code":901}})", "", ""}, &code).kind == DeliveryOutcome::Kind::kPermanent);
  CHECK(code == 901);
}

TEST_CASE("VkEvent reads messages, payloads and attachments, and ignores group chats") {
  auto v = ParseVkEvent(R"({"type":"message_new","event_id":"e1","group_id":1,"secret":"s",
    "object":{"message":{"from_id":5,"peer_id":5,"text":"o1","payload":"{\"p\":\"~1.0\"}"}}})");
  REQUIRE(v.ok());
  CHECK(v->kind == VkEvent::Kind::kText);
  CHECK(v->payload == "~1.0");
  CHECK(v->group_id == "1");
  auto photo = ParseVkEvent(R"({"type":"message_new","event_id":"e2","object":{"message":{"from_id":5,"peer_id":5,"text":"",
    "attachments":[{"type":"photo","photo":{}}]}}})");
  REQUIRE(photo.ok());
  CHECK(photo->content == "photo");
  auto chat = ParseVkEvent(R"({"type":"message_new","event_id":"e3","object":{"message":{"from_id":5,"peer_id":2000000004,"text":"hi"}}})");
  REQUIRE(chat.ok());
  CHECK(chat->kind == VkEvent::Kind::kIgnored);
  CHECK_FALSE(ParseVkEvent("{}").ok());
  CHECK_FALSE(ParseVkEvent("not json").ok());
}

}  // namespace
}  // namespace switchboard::adapters
