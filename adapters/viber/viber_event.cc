// Reading Viber callbacks (see viber_event.h). The only place that lets
// nlohmann::json see a Viber webhook body; its exceptions stop here.
#include "adapters/viber/viber_event.h"

#include <nlohmann/json.hpp>

namespace switchboard::adapters {
namespace {

using nlohmann::json;

std::string StringAt(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& ObjectAt(const json& object, const char* key) {
  static const json kEmpty = json::object();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

std::string Language(const json& user) {
  std::string code = StringAt(user, "language");
  if (code.starts_with("ru")) return "ru";
  if (code.starts_with("en")) return "en";
  return "";
}

}  // namespace

Result<ViberEvent> ParseViberEvent(std::string_view body) {
  json doc;
  try {
    doc = json::parse(body);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("the callback is not valid JSON: ") + e.what());
  }
  ViberEvent v;
  v.event = StringAt(doc, "event");
  if (v.event.empty()) return Status::InvalidArgument("the callback must be a JSON object with an \"event\"");
  if (auto it = doc.find("message_token"); it != doc.end()) {
    if (it->is_number_unsigned()) v.message_token = std::to_string(it->get<uint64_t>());
    else if (it->is_number_integer()) v.message_token = std::to_string(it->get<int64_t>());
    else if (it->is_string()) v.message_token = it->get<std::string>();
  }
  if (v.event == "message") {
    const json& sender = ObjectAt(doc, "sender");
    const json& message = ObjectAt(doc, "message");
    v.user_id = StringAt(sender, "id");
    v.language = Language(sender);
    if (v.user_id.empty() || v.message_token.empty()) {
      v.ignored = "message without sender or token";
      return v;
    }
    const std::string type = StringAt(message, "type");
    if (type == "text") {
      v.kind = ViberEvent::Kind::kText;
      v.text = StringAt(message, "text");
    } else if (type == "contact" && !StringAt(ObjectAt(message, "contact"), "phone_number").empty()) {
      v.kind = ViberEvent::Kind::kContact;
      v.text = StringAt(ObjectAt(message, "contact"), "phone_number");
    } else {
      v.kind = ViberEvent::Kind::kUnsupported;
      v.content = type.empty() ? "unknown" : type;
      v.text = StringAt(message, "text");  // a picture's description
    }
    return v;
  }
  if (v.event == "failed") {
    v.kind = ViberEvent::Kind::kFailed;
    v.user_id = StringAt(doc, "user_id");
    v.detail = StringAt(doc, "desc");
    return v;
  }
  v.ignored = v.event;
  return v;
}

}  // namespace switchboard::adapters
