// Reading VK Callback API notifications (see vk_event.h). The only place that lets
// nlohmann::json see a VK webhook body; its exceptions stop here.
#include "adapters/vk/vk_event.h"

#include <nlohmann/json.hpp>

#include "adapters/common/json_fields.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

// Peer ids from here up are group chats.
constexpr int64_t kFirstChatPeer = 2000000000;

// Our payload out of a button's payload string, or "".
std::string OurPayload(const std::string& payload) {
  json doc = json::parse(payload, nullptr, /*allow_exceptions=*/false);
  return StringField(doc, "p");
}

}  // namespace

std::string VkButtonPayload(const std::string& payload) { return json{{"p", payload}}.dump(); }

Result<VkEvent> ParseVkEvent(std::string_view body) {
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("the notification is not valid JSON");
  VkEvent v;
  const std::string type = StringField(doc, "type");
  if (type.empty()) return Status::InvalidArgument("the notification must be a JSON object with a \"type\"");
  v.secret = StringField(doc, "secret");
  v.group_id = StringField(doc, "group_id");
  v.event_id = StringField(doc, "event_id");
  if (type == "confirmation") {
    v.kind = VkEvent::Kind::kConfirmation;
    return v;
  }
  if (type != "message_new") {
    v.ignored = type;
    return v;
  }
  const json& message = ObjectField(ObjectField(doc, "object"), "message");
  v.from_id = StringField(message, "from_id");
  v.peer_id = StringField(message, "peer_id");
  if (v.from_id.empty() || v.peer_id.empty() || v.event_id.empty()) {
    v.ignored = "message without author, peer or event id";
    return v;
  }
  if (std::strtoll(v.peer_id.c_str(), nullptr, 10) >= kFirstChatPeer || v.from_id.starts_with("-")) {
    v.ignored = "not a private dialog";
    return v;
  }
  v.text = StringField(message, "text");
  v.payload = OurPayload(StringField(message, "payload"));
  if (!v.text.empty() || !v.payload.empty()) {
    v.kind = VkEvent::Kind::kText;
    return v;
  }
  v.kind = VkEvent::Kind::kUnsupported;
  v.content = "unknown";
  auto attachments = message.find("attachments");
  if (attachments != message.end() && attachments->is_array() && !attachments->empty()) {
    std::string kind = StringField((*attachments)[0], "type");
    if (!kind.empty()) v.content = kind;
  } else if (message.contains("geo")) {
    v.content = "location";
  }
  return v;
}

}  // namespace switchboard::adapters
