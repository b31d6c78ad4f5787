// The outbox payload of a reply, in JSON: what delivery workers and adapters read.
#include <nlohmann/json.hpp>

#include "dialog/reply_json.h"
#include "util/json_text.h"

namespace switchboard {

namespace {

bool AllWellFormed(const OutboundReply& out) {
  if (!IsWellFormedUtf8(out.delivery_id) || !IsWellFormedUtf8(out.in_reply_to) ||
      !IsWellFormedUtf8(out.reply.text)) {
    return false;
  }
  for (const Button& b : out.reply.buttons) {
    if (!IsWellFormedUtf8(b.label) || !IsWellFormedUtf8(b.target) || !IsWellFormedUtf8(b.payload)) return false;
  }
  for (const std::string& q : out.reply.quick_replies) {
    if (!IsWellFormedUtf8(q)) return false;
  }
  return true;
}

// The library's text by hand: keys in its (sorted) order, no spaces. Every turn
// writes its replies, and the library's serializer cost more than the rest of a
// turn's commit.
std::string WriteReply(const OutboundReply& out) {
  std::string j;
  j.reserve(64 + out.reply.text.size() + out.reply.buttons.size() * 48);
  j += '{';
  if (!out.reply.buttons.empty()) {
    j += "\"buttons\":[";
    for (size_t i = 0; i < out.reply.buttons.size(); ++i) {
      const Button& b = out.reply.buttons[i];
      if (i > 0) j += ',';
      j += "{\"action\":";
      AppendJsonString(ButtonActionName(b.action), &j);
      j += ",\"label\":";
      AppendJsonString(b.label, &j);
      if (b.action == ButtonAction::kLink) {
        j += ",\"url\":";
        AppendJsonString(b.target, &j);
      } else {
        j += ",\"payload\":";
        AppendJsonString(b.payload, &j);
      }
      j += '}';
    }
    j += "],";
  }
  j += "\"delivery_id\":";
  AppendJsonString(out.delivery_id, &j);
  if (!out.in_reply_to.empty()) {
    j += ",\"in_reply_to\":";
    AppendJsonString(out.in_reply_to, &j);
  }
  if (!out.reply.quick_replies.empty()) {
    j += ",\"quick_replies\":[";
    for (size_t i = 0; i < out.reply.quick_replies.size(); ++i) {
      if (i > 0) j += ',';
      AppendJsonString(out.reply.quick_replies[i], &j);
    }
    j += ']';
  }
  j += ",\"text\":";
  AppendJsonString(out.reply.text, &j);
  j += '}';
  return j;
}

}  // namespace

std::string OutboundReplyToJsonWithLibrary(const OutboundReply& out) {
  nlohmann::json j;
  j["delivery_id"] = out.delivery_id;
  if (!out.in_reply_to.empty()) j["in_reply_to"] = out.in_reply_to;
  j["text"] = out.reply.text;
  if (!out.reply.buttons.empty()) {
    auto& buttons = j["buttons"] = nlohmann::json::array();
    for (const Button& b : out.reply.buttons) {
      nlohmann::json button = {{"label", b.label}, {"action", ButtonActionName(b.action)}};
      if (b.action == ButtonAction::kLink) {
        button["url"] = b.target;
      } else {
        button["payload"] = b.payload;
      }
      buttons.push_back(std::move(button));
    }
  }
  if (!out.reply.quick_replies.empty()) j["quick_replies"] = out.reply.quick_replies;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string OutboundReplyToJson(const OutboundReply& out) {
  // Text that is not well-formed UTF-8 is left to the library, which replaces it.
  return AllWellFormed(out) ? WriteReply(out) : OutboundReplyToJsonWithLibrary(out);
}

Result<OutboundReply> OutboundReplyFromJson(std::string_view json) {
  try {
    nlohmann::json j = nlohmann::json::parse(json);
    OutboundReply out;
    out.delivery_id = j.at("delivery_id").get<std::string>();
    out.in_reply_to = j.value("in_reply_to", std::string());
    out.reply.text = j.value("text", std::string());
    for (const auto& b : j.value("buttons", nlohmann::json::array())) {
      Button button;
      button.label = b.at("label").get<std::string>();
      if (!ParseButtonAction(b.value("action", std::string()), &button.action)) {
        return Status::InvalidArgument("outbox reply: unknown button action");
      }
      if (button.action == ButtonAction::kLink) {
        button.target = b.at("url").get<std::string>();
      } else {
        button.payload = b.at("payload").get<std::string>();
      }
      out.reply.buttons.push_back(std::move(button));
    }
    out.reply.quick_replies = j.value("quick_replies", std::vector<std::string>());
    return out;
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("outbox reply: bad JSON: ") + e.what());
  }
}

}  // namespace switchboard
