// Reading VK Callback API notifications (see vk_event.h). The only place that lets
// nlohmann::json see a VK webhook body; its exceptions stop here.
#include "adapters/vk/vk_event.h"

#include <nlohmann/json.hpp>

namespace switchboard::adapters {
namespace {

using nlohmann::json;

// Peer ids from here up are group chats.
constexpr int64_t kFirstChatPeer = 2000000000;

std::string StringAt(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

const json& ObjectAt(const json& object, const char* key) {
  static const json kEmpty = json::object();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

// Our payload out of a button's payload string, or "".
std::string OurPayload(const std::string& payload) {
  json doc = json::parse(payload, nullptr, /*allow_exceptions=*/false);
  return StringAt(doc, "p");
}

}  // namespace

std::string VkButtonPayload(const std::string& payload) { return json{{"p", payload}}.dump(); }

Result<VkEvent> ParseVkEvent(std::string_view body) {
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("the notification is not valid JSON");
  VkEvent v;
  const std::string type = StringAt(doc, "type");
  if (type.empty()) return Status::InvalidArgument("the notification must be a JSON object with a \"type\"");
  v.secret = StringAt(doc, "secret");
  v.group_id = StringAt(doc, "group_id");
  v.event_id = StringAt(doc, "event_id");
  if (type == "confirmation") {
    v.kind = VkEvent::Kind::kConfirmation;
    return v;
  }
  if (type != "message_new") {
    v.ignored = type;
    return v;
  }
  const json& message = ObjectAt(ObjectAt(doc, "object"), "message");
  v.from_id = StringAt(message, "from_id");
  v.peer_id = StringAt(message, "peer_id");
  if (v.from_id.empty() || v.peer_id.empty() || v.event_id.empty()) {
    v.ignored = "message without author, peer or event id";
    return v;
  }
  if (std::strtoll(v.peer_id.c_str(), nullptr, 10) >= kFirstChatPeer || v.from_id.starts_with("-")) {
    v.ignored = "not a private dialog";
    return v;
  }
  v.text = StringAt(message, "text");
  v.payload = OurPayload(StringAt(message, "payload"));
  if (!v.text.empty() || !v.payload.empty()) {
    v.kind = VkEvent::Kind::kText;
    return v;
  }
  v.kind = VkEvent::Kind::kUnsupported;
  v.content = "unknown";
  auto attachments = message.find("attachments");
  if (attachments != message.end() && attachments->is_array() && !attachments->empty()) {
    std::string kind = StringAt((*attachments)[0], "type");
    if (!kind.empty()) v.content = kind;
  } else if (message.contains("geo")) {
    v.content = "location";
  }
  return v;
}

}  // namespace switchboard::adapters
