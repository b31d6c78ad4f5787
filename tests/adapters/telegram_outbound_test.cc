// Replies as Bot API calls, and what Telegram's answers mean.
#include "adapters/telegram/telegram_outbound.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/common/outbound_text.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

Button Choice(std::string label, std::string payload) { return {std::move(label), std::move(payload), ButtonAction::kChoose, "v"}; }

TEST_CASE("Telegram: buttons become an inline keyboard with callback_data; links get url") {
  Reply reply{"Which time?", {Choice("10:00", "~1.0"), Choice("11:00", "~1.1"), {"Site", "", ButtonAction::kLink, "https://x.example"}}, {}};
  auto calls = RenderTelegramReply(reply, "123456789");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].method == "sendMessage");
  json body = json::parse(calls[0].body);
  CHECK(body["chat_id"] == 123456789);
  CHECK(body["text"] == "Which time?");
  auto rows = body["reply_markup"]["inline_keyboard"];
  REQUIRE(rows.size() == 1);  // short labels, three to a row
  CHECK(rows[0][0] == json{{"text", "10:00"}, {"callback_data", "~1.0"}});
  CHECK(rows[0][2] == json{{"text", "Site"}, {"url", "https://x.example"}});
}

TEST_CASE("Telegram: long labels get a row each") {
  Reply reply{"?", {Choice("Women's haircut — 2500 ₽", "~1.0"), Choice("Men's haircut — 1800 ₽", "~1.1")}, {}};
  json body = json::parse(RenderTelegramReply(reply, "1")[0].body);
  CHECK(body["reply_markup"]["inline_keyboard"].size() == 2);
}

TEST_CASE("Telegram: beyond its limits the options are written out numbered") {
  Reply reply{"Pick one", {Choice(std::string(80, 'a'), "~1.0"), Choice("b", "~1.1")}, {}};
  json body = json::parse(RenderTelegramReply(reply, "1")[0].body);
  CHECK_FALSE(body.contains("reply_markup"));
  CHECK(body["text"] == "Pick one\n\n1. " + std::string(80, 'a') + "\n2. b");
  std::vector<Button> many;
  for (int i = 0; i < 101; ++i) many.push_back(Choice("o" + std::to_string(i), "~1." + std::to_string(i)));
  CHECK_FALSE(TelegramShowsButtons(many));
}

TEST_CASE("Telegram: a text over 4096 characters goes in pieces, the keyboard on the last") {
  std::string text;
  for (int i = 0; i < 900; ++i) text += "Word word. ";
  Reply reply{text, {Choice("OK", "~1.0")}, {"More"}};
  auto calls = RenderTelegramReply(reply, "1");
  REQUIRE(calls.size() == 3);
  for (size_t i = 0; i < calls.size(); ++i) {
    json body = json::parse(calls[i].body);
    CHECK(TextLength(body["text"].get<std::string>(), TextUnit::kUtf16) <= kTelegramMaxText);
    CHECK(body.contains("reply_markup") == (i + 1 == calls.size()));
  }
  json last = json::parse(calls.back().body);
  CHECK(last["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "t:More");
}

TEST_CASE("Telegram: answers mean delivered, retry after the given time, or blocked") {
  bool blocked = false;
  CHECK(TelegramOutcome({200, R"({"ok":true,"result":{"message_id":5}})", "", ""}, &blocked).kind ==
        DeliveryOutcome::Kind::kDelivered);
  auto limited = TelegramOutcome(
      {429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}})", "", ""},
      &blocked);
  CHECK(limited.kind == DeliveryOutcome::Kind::kRetry);
  CHECK(limited.retry_after_ms == 5000);
  auto gone = TelegramOutcome({403, R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})", "", ""},
                              &blocked);
  CHECK(gone.kind == DeliveryOutcome::Kind::kPermanent);
  CHECK(blocked);
  CHECK(TelegramOutcome({0, "", "", "Connection"}, &blocked).kind == DeliveryOutcome::Kind::kRetry);
  CHECK(TelegramOutcome({502, "<html>", "", ""}, &blocked).kind == DeliveryOutcome::Kind::kRetry);
  CHECK(TelegramOutcome({400, R"({"ok":false,"description":"Bad Request: chat not found"})", "", ""}, &blocked).kind ==
        DeliveryOutcome::Kind::kPermanent);
}

}  // namespace
}  // namespace switchboard::adapters
