// Reading WhatsApp webhooks (see whatsapp_webhook.h). The only place that lets
// nlohmann::json see a WhatsApp webhook body; its exceptions stop here.
#include "adapters/whatsapp/whatsapp_webhook.h"

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

const json& ArrayAt(const json& object, const char* key) {
  static const json kEmpty = json::array();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

bool ReadMessage(const json& m, WhatsAppMessage* out) {
  out->id = StringAt(m, "id");
  out->from = StringAt(m, "from");
  if (out->id.empty() || out->from.empty()) return false;
  const std::string timestamp = StringAt(m, "timestamp");
  if (!timestamp.empty() && timestamp.size() <= 12 &&
      timestamp.find_first_not_of("0123456789") == std::string::npos) {
    out->timestamp_s = std::stoll(timestamp);
  }
  const std::string type = StringAt(m, "type");
  if (type == "text") {
    out->text = StringAt(ObjectAt(m, "text"), "body");
    return true;
  }
  if (type == "interactive") {
    const json& interactive = ObjectAt(m, "interactive");
    const std::string kind = StringAt(interactive, "type");
    if (kind == "button_reply" || kind == "list_reply") {
      const json& reply = ObjectAt(interactive, kind.c_str());
      out->kind = WhatsAppMessage::Kind::kButton;
      out->payload = StringAt(reply, "id");
      out->text = StringAt(reply, "title");
      return !out->payload.empty();
    }
  } else if (type == "button") {  // a template's quick-reply button
    const json& button = ObjectAt(m, "button");
    out->kind = WhatsAppMessage::Kind::kButton;
    out->payload = StringAt(button, "payload");
    out->text = StringAt(button, "text");
    return !out->payload.empty() || !out->text.empty();
  } else if (type == "contacts") {
    for (const json& contact : ArrayAt(m, "contacts")) {
      for (const json& phone : ArrayAt(contact, "phones")) {
        std::string number = StringAt(phone, "phone");
        if (!number.empty()) {
          out->kind = WhatsAppMessage::Kind::kContact;
          out->text = number;
          return true;
        }
      }
    }
  }
  out->kind = WhatsAppMessage::Kind::kUnsupported;
  out->content = type.empty() ? "unknown" : type;
  out->text = StringAt(ObjectAt(m, type.c_str()), "caption");
  return true;
}

}  // namespace

Result<WhatsAppWebhook> ParseWhatsAppWebhook(std::string_view body, std::string_view phone_number_id) {
  json doc;
  try {
    doc = json::parse(body);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("the webhook body is not valid JSON: ") + e.what());
  }
  if (!doc.is_object() || StringAt(doc, "object") != "whatsapp_business_account") {
    return Status::InvalidArgument("the webhook body must be an object with \"object\": \"whatsapp_business_account\"");
  }
  WhatsAppWebhook out;
  try {
    for (const json& entry : ArrayAt(doc, "entry")) {
      for (const json& change : ArrayAt(entry, "changes")) {
        const json& value = ObjectAt(change, "value");
        if (StringAt(change, "field") != "messages" ||
            StringAt(ObjectAt(value, "metadata"), "phone_number_id") != phone_number_id) {
          ++out.skipped;
          continue;
        }
        for (const json& m : ArrayAt(value, "messages")) {
          WhatsAppMessage message;
          if (ReadMessage(m, &message)) {
            out.messages.push_back(std::move(message));
          } else {
            ++out.skipped;
          }
        }
        for (const json& s : ArrayAt(value, "statuses")) {
          if (StringAt(s, "status") != "failed") {
            ++out.skipped;
            continue;
          }
          WhatsAppFailure f;
          f.message_id = StringAt(s, "id");
          f.recipient = StringAt(s, "recipient_id");
          const json& errors = ArrayAt(s, "errors");
          if (!errors.empty() && errors[0].is_object()) {
            if (errors[0].contains("code") && errors[0]["code"].is_number_integer()) f.code = errors[0]["code"].get<int>();
            f.title = StringAt(errors[0], "title");
          }
          out.failures.push_back(std::move(f));
        }
      }
    }
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("the webhook body has a malformed field: ") + e.what());
  }
  return out;
}

}  // namespace switchboard::adapters
