// Reading Viber callbacks (see viber_event.h). The only place that lets
// nlohmann::json see a Viber webhook body; its exceptions stop here.
#include "adapters/viber/viber_event.h"

#include <nlohmann/json.hpp>

#include "adapters/common/json_fields.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

std::string Language(const json& user) {
  std::string code = StringField(user, "language");
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
  v.event = StringField(doc, "event");
  if (v.event.empty()) return Status::InvalidArgument("the callback must be a JSON object with an \"event\"");
  v.message_token = StringField(doc, "message_token");  // above 2^53: kept exactly
  if (v.event == "message") {
    const json& sender = ObjectField(doc, "sender");
    const json& message = ObjectField(doc, "message");
    v.user_id = StringField(sender, "id");
    v.language = Language(sender);
    if (v.user_id.empty() || v.message_token.empty()) {
      v.ignored = "message without sender or token";
      return v;
    }
    const std::string type = StringField(message, "type");
    if (type == "text") {
      v.kind = ViberEvent::Kind::kText;
      v.text = StringField(message, "text");
    } else if (type == "contact" && !StringField(ObjectField(message, "contact"), "phone_number").empty()) {
      v.kind = ViberEvent::Kind::kContact;
      v.text = StringField(ObjectField(message, "contact"), "phone_number");
    } else {
      v.kind = ViberEvent::Kind::kUnsupported;
      v.content = type.empty() ? "unknown" : type;
      v.text = StringField(message, "text");  // a picture's description
    }
    return v;
  }
  if (v.event == "failed") {
    v.kind = ViberEvent::Kind::kFailed;
    v.user_id = StringField(doc, "user_id");
    v.detail = StringField(doc, "desc");
    return v;
  }
  v.ignored = v.event;
  return v;
}

}  // namespace switchboard::adapters
