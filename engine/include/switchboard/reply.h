// What the bot sends a customer, and its form in the outbox. The engine commits
// each reply into the outbox with its turn; delivery workers read it from there,
// send it through the customer's channel and acknowledge it. Delivery is at least
// once: delivery_id is the same on every redelivery, so that adapters of
// messengers that deduplicate can pass it on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "switchboard/event.h"
#include "switchboard/status.h"

namespace switchboard {

// One message of the bot (or of an operator, through the bot's channel). A button
// with ButtonAction::kLink opens its target URL; any other sends its payload back.
struct Reply {
  std::string text;
  std::vector<Button> buttons;
  std::vector<std::string> quick_replies;
  bool operator==(const Reply&) const = default;
};

// A reply as committed to the outbox.
struct OutboundReply {
  Reply reply;
  std::string delivery_id;  // "<session>#<version>.<index>": unique, stable across redeliveries
  std::string in_reply_to;  // the inbound message id it answers; "" for an operator's
  bool operator==(const OutboundReply&) const = default;
};

// The outbox payload (JSON): {"delivery_id", "in_reply_to", "text", "buttons":
// [{"label", "action", "payload" | "url"}], "quick_replies"}.
std::string OutboundReplyToJson(const OutboundReply& reply);
Result<OutboundReply> OutboundReplyFromJson(std::string_view json);

}  // namespace switchboard
