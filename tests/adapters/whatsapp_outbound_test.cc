// Replies as WhatsApp Cloud API messages, and what the Graph API's answers mean.
#include "adapters/whatsapp/whatsapp_outbound.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/common/outbound_text.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

Button Choice(std::string label, std::string payload) { return {std::move(label), std::move(payload), ButtonAction::kChoose, "v"}; }

std::vector<Button> Choices(int n, const std::string& prefix = "Option ") {
  std::vector<Button> out;
  for (int i = 0; i < n; ++i) out.push_back(Choice(prefix + std::to_string(i + 1), "~1." + std::to_string(i)));
  return out;
}

TEST_CASE("WhatsApp: a text is a text message") {
  auto bodies = RenderWhatsAppReply({"Hello", {}, {}}, "34600111222", "Choose");
  REQUIRE(bodies.size() == 1);
  CHECK(json::parse(bodies[0]) == json{{"messaging_product", "whatsapp"}, {"recipient_type", "individual"},
                                       {"to", "34600111222"}, {"type", "text"},
                                       {"text", {{"preview_url", false}, {"body", "Hello"}}}});
}

TEST_CASE("WhatsApp: up to three buttons are reply buttons") {
  json m = json::parse(RenderWhatsAppReply({"Which?", Choices(3), {}}, "1", "Choose")[0]);
  CHECK(m["interactive"]["type"] == "button");
  CHECK(m["interactive"]["body"]["text"] == "Which?");
  CHECK(m["interactive"]["action"]["buttons"].size() == 3);
  CHECK(m["interactive"]["action"]["buttons"][0] == json{{"type", "reply"}, {"reply", {{"id", "~1.0"}, {"title", "Option 1"}}}});
}

TEST_CASE("WhatsApp: four to ten buttons are a list, opened by the configured label") {
  json m = json::parse(RenderWhatsAppReply({"Which time?", Choices(7), {}}, "1", "Выбрать")[0]);
  CHECK(m["interactive"]["type"] == "list");
  CHECK(m["interactive"]["action"]["button"] == "Выбрать");
  CHECK(m["interactive"]["action"]["sections"][0]["rows"].size() == 7);
  CHECK(m["interactive"]["action"]["sections"][0]["rows"][6] == json{{"id", "~1.6"}, {"title", "Option 7"}});
}

TEST_CASE("WhatsApp: a title over 20 characters makes a list; over 24, or over ten options, numbered text") {
  json list = json::parse(RenderWhatsAppReply({"?", {Choice("Women's haircut 2500", "a"), Choice("Men's haircut — 1800 ₽", "b")}, {}}, "1", "Choose")[0]);
  CHECK(list["interactive"]["type"] == "list");
  json text = json::parse(RenderWhatsAppReply({"?", {Choice("Women's haircut — 12500 ₽", "a"), Choice("b", "b")}, {}}, "1", "Choose")[0]);
  CHECK(text["type"] == "text");
  CHECK(text["text"]["body"] == "?\n\n1. Women's haircut — 12500 ₽\n2. b");
  json eleven = json::parse(RenderWhatsAppReply({"Pick", Choices(11, "T"), {}}, "1", "Choose")[0]);
  CHECK(eleven["type"] == "text");
  CHECK(eleven["text"]["body"].get<std::string>().find("\n11. T11") != std::string::npos);
}

TEST_CASE("WhatsApp: a long text goes in pieces and the buttons' body keeps within 1024") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "Word word. ";
  auto bodies = RenderWhatsAppReply({text, Choices(2), {}}, "1", "Choose");
  REQUIRE(bodies.size() >= 3);
  for (size_t i = 0; i + 1 < bodies.size(); ++i) {
    json m = json::parse(bodies[i]);
    CHECK(m["type"] == "text");
    CHECK(TextLength(m["text"]["body"].get<std::string>(), TextUnit::kCodePoints) <= kWhatsAppMaxText);
  }
  json last = json::parse(bodies.back());
  CHECK(last["type"] == "interactive");
  CHECK(TextLength(last["interactive"]["body"]["text"].get<std::string>(), TextUnit::kCodePoints) <= kWhatsAppMaxBody);
}

TEST_CASE("WhatsApp: throttling is retried, the closed window and unreachable customers are permanent") {
  int code = 0;
  CHECK(WhatsAppOutcome({200, R"({"messaging_product":"whatsapp","messages":[{"id":"wamid.1"}]})", "", ""}, &code).kind ==
        DeliveryOutcome::Kind::kDelivered);
  CHECK(WhatsAppOutcome({429, R"({"error":{"message":"(#130429) Rate limit hit","code":130429}})", "", ""}, &code).kind ==
        DeliveryOutcome::Kind::kRetry);
  CHECK(code == 130429);
  CHECK(WhatsAppOutcome({400, R"({"error":{"code":131056}})", "", ""}, &code).kind == DeliveryOutcome::Kind::kRetry);
  CHECK(WhatsAppOutcome({400, R"({"error":{"code":131047,"message":"Re-engagement message"}})", "", ""}, &code).kind ==
        DeliveryOutcome::Kind::kPermanent);
  CHECK(code == 131047);
  CHECK(WhatsAppOutcome({400, R"({"error":{"code":131026}})", "", ""}, &code).kind == DeliveryOutcome::Kind::kPermanent);
  CHECK(WhatsAppOutcome({500, "", "", ""}, &code).kind == DeliveryOutcome::Kind::kRetry);
  CHECK(WhatsAppOutcome({0, "", "", "Connection"}, &code).kind == DeliveryOutcome::Kind::kRetry);
}

}  // namespace
}  // namespace switchboard::adapters
