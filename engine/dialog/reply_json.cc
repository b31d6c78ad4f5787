// The outbox payload of a reply, in JSON: what delivery workers and adapters read.
#include <nlohmann/json.hpp>

#include "switchboard/reply.h"

namespace switchboard {

std::string OutboundReplyToJson(const OutboundReply& out) {
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
