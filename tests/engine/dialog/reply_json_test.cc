// The outbox payload of a reply is written by hand: byte for byte what
// nlohmann::json writes for the same reply (sorted keys, its escaping, invalid UTF-8
// replaced), for ordinary replies and for arbitrary bytes, and it reads back.
#include <doctest/doctest.h>

#include <iterator>
#include <random>

#include "dialog/reply_json.h"
#include "switchboard/reply.h"

using namespace switchboard;

namespace {

std::string LibraryJson(const OutboundReply& out) { return OutboundReplyToJsonWithLibrary(out); }

OutboundReply Sample() {
  OutboundReply out;
  out.delivery_id = "web:v1#3.0";
  out.in_reply_to = "m-17";
  out.reply.text = "Готово, Ольга! \"Маникюр\" в 13:00\nНомер записи: B-1001\t✓ \\ 🙂";
  Button press;
  press.label = "Да, всё верно";
  press.payload = "confirm:yes";
  Button link;
  link.label = "Карта";
  link.action = ButtonAction::kLink;
  link.target = "https://example.com/map?a=1&b=\"2\"";
  out.reply.buttons = {press, link};
  out.reply.quick_replies = {"меню", "оператор"};
  return out;
}

}  // namespace

TEST_CASE("A reply is written as the JSON library writes it") {
  OutboundReply out = Sample();
  CHECK(OutboundReplyToJson(out) == LibraryJson(out));
  out.in_reply_to.clear();
  out.reply.buttons.clear();
  out.reply.quick_replies.clear();
  CHECK(OutboundReplyToJson(out) == LibraryJson(out));
  out.reply.text = std::string("control \x01\x1f\x7f and nothing", 24);
  CHECK(OutboundReplyToJson(out) == LibraryJson(out));
}

TEST_CASE("Any bytes in a reply are written as the JSON library writes them, invalid UTF-8 included") {
  std::mt19937 rng(7);
  const std::string pieces[] = {"a",    "\"",       "\\",       "\n",       "\x01",     "я",
                                "🙂", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\xFF",
                                "\xC2\xA0", "\xEF\xBF\xBD", "\xF0\x9F"};
  for (int round = 0; round < 2000; ++round) {
    OutboundReply out = Sample();
    std::string text;
    for (int k = 0; k < 6; ++k) text += pieces[rng() % std::size(pieces)];
    for (int k = 0; k < 3; ++k) text.push_back(static_cast<char>(rng() % 256));
    switch (round % 4) {
      case 0: out.reply.text = text; break;
      case 1: out.reply.buttons[0].label = text; break;
      case 2: out.reply.quick_replies[1] = text; break;
      default: out.delivery_id = text; break;
    }
    INFO("round " << round);
    REQUIRE(OutboundReplyToJson(out) == LibraryJson(out));
  }
}

TEST_CASE("A written reply reads back as itself") {
  OutboundReply out = Sample();
  Result<OutboundReply> back = OutboundReplyFromJson(OutboundReplyToJson(out));
  REQUIRE(back.ok());
  CHECK(*back == out);
}
