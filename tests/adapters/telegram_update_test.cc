// Reading Telegram's Updates: what is acted on, what is ignored, what is refused.
#include "adapters/telegram/telegram_update.h"

#include <doctest/doctest.h>

namespace switchboard::adapters {
namespace {

TEST_CASE("TelegramUpdate reads a private text message with 64-bit ids") {
  auto u = ParseTelegramUpdate(R"({"update_id":100000001,"message":{"message_id":42,
    "from":{"id":5123456789012,"is_bot":false,"first_name":"Anna","language_code":"ru"},
    "chat":{"id":5123456789012,"type":"private"},"date":1767225600,"text":"/start","new_field":{"x":1}}})");
  REQUIRE(u.ok());
  CHECK(u->kind == TelegramUpdate::Kind::kText);
  CHECK(u->update_id == 100000001);
  CHECK(u->chat_id == "5123456789012");
  CHECK(u->language == "ru");
  CHECK(u->text == "/start");
}

TEST_CASE("TelegramUpdate reads callback queries and contacts") {
  auto q = ParseTelegramUpdate(R"({"update_id":3,"callback_query":{"id":"438","from":{"id":7,"is_bot":false,"first_name":"A"},
    "message":{"message_id":44,"chat":{"id":7,"type":"private"},"date":0},"chat_instance":"-8","data":"~1.0"}})");
  REQUIRE(q.ok());
  CHECK(q->kind == TelegramUpdate::Kind::kButton);
  CHECK(q->callback_id == "438");
  CHECK(q->callback_data == "~1.0");
  CHECK(q->chat_id == "7");
  auto c = ParseTelegramUpdate(R"({"update_id":4,"message":{"message_id":1,"from":{"id":7,"is_bot":false,"first_name":"A"},
    "chat":{"id":7,"type":"private"},"date":1,"contact":{"phone_number":"+15551234567","first_name":"A","user_id":7}}})");
  REQUIRE(c.ok());
  CHECK(c->kind == TelegramUpdate::Kind::kContact);
  CHECK(c->contact_phone == "+15551234567");
  CHECK(c->contact_is_sender);
}

TEST_CASE("TelegramUpdate names unsupported content and ignores what the bot does not handle") {
  auto voice = ParseTelegramUpdate(R"({"update_id":5,"message":{"message_id":1,"from":{"id":7,"is_bot":false,"first_name":"A"},
    "chat":{"id":7,"type":"private"},"date":1,"voice":{"file_id":"x","duration":3}}})");
  REQUIRE(voice.ok());
  CHECK(voice->kind == TelegramUpdate::Kind::kUnsupported);
  CHECK(voice->content == "voice");
  for (const char* body : {
           R"({"update_id":6,"edited_message":{"message_id":1}})",
           R"({"update_id":7,"message":{"message_id":1,"from":{"id":7,"is_bot":false},"chat":{"id":-100,"type":"supergroup"},"date":1,"text":"hi"}})",
           R"({"update_id":8,"message":{"message_id":1,"from":{"id":7,"is_bot":false},"chat":{"id":7,"type":"private"},"date":1,"pinned_message":{}}})",
           R"({"update_id":9,"message":{"message_id":1,"from":{"id":8,"is_bot":true},"chat":{"id":8,"type":"private"},"date":1,"text":"x"}})",
           R"({"update_id":10,"message":{"message_id":1,"from":"nobody","chat":[],"date":1,"text":"x"}})",
           R"({"update_id":11})"}) {
    auto u = ParseTelegramUpdate(body);
    REQUIRE_MESSAGE(u.ok(), body);
    CHECK_MESSAGE(u->kind == TelegramUpdate::Kind::kIgnored, body);
  }
}

TEST_CASE("TelegramUpdate refuses bodies that are not Updates") {
  CHECK_FALSE(ParseTelegramUpdate("").ok());
  CHECK_FALSE(ParseTelegramUpdate("[1]").ok());
  CHECK_FALSE(ParseTelegramUpdate(R"({"update_id":"1"})").ok());
  CHECK_FALSE(ParseTelegramUpdate("{\"update_id\":1,\"message\":{\"text\":\"\xff\"}}").ok());
}

}  // namespace
}  // namespace switchboard::adapters
