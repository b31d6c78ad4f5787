// Reading WhatsApp webhooks (see whatsapp_webhook.h). The only place that lets
// nlohmann::json see a WhatsApp webhook body; its exceptions stop here.
#include "adapters/whatsapp/whatsapp_webhook.h"

#include <nlohmann/json.hpp>

#include "adapters/common/json_fields.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

bool ReadMessage(const json& m, WhatsAppMessage* out) {
  out->id = StringField(m, "id");
  out->from = StringField(m, "from");
  if (out->id.empty() || out->from.empty()) return false;
  const std::string timestamp = StringField(m, "timestamp");
  if (!timestamp.empty() && timestamp.size() <= 12 &&
      timestamp.find_first_not_of("0123456789") == std::string::npos) {
    out->timestamp_s = std::stoll(timestamp);
  }
  const std::string type = StringField(m, "type");
  if (type == "text") {
    out->text = StringField(ObjectField(m, "text"), "body");
    return true;
  }
  if (type == "interactive") {
    const json& interactive = ObjectField(m, "interactive");
    const std::string kind = StringField(interactive, "type");
    if (kind == "button_reply" || kind == "list_reply") {
      const json& reply = ObjectField(interactive, kind.c_str());
      out->kind = WhatsAppMessage::Kind::kButton;
      out->payload = StringField(reply, "id");
      out->text = StringField(reply, "title");
      return !out->payload.empty();
    }
  } else if (type == "button") {  // a template's quick-reply button
    const json& button = ObjectField(m, "button");
    out->kind = WhatsAppMessage::Kind::kButton;
    out->payload = StringField(button, "payload");
    out->text = StringField(button, "text");
    return !out->payload.empty() || !out->text.empty();
  } else if (type == "contacts") {
    for (const json& contact : ArrayField(m, "contacts")) {
      for (const json& phone : ArrayField(contact, "phones")) {
        std::string number = StringField(phone, "phone");
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
  out->text = StringField(ObjectField(m, type.c_str()), "caption");
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
  if (!doc.is_object() || StringField(doc, "object") != "whatsapp_business_account") {
    return Status::InvalidArgument("the webhook body must be an object with \"object\": \"whatsapp_business_account\"");
  }
  WhatsAppWebhook out;
  try {
    for (const json& entry : ArrayField(doc, "entry")) {
      for (const json& change : ArrayField(entry, "changes")) {
        const json& value = ObjectField(change, "value");
        if (StringField(change, "field") != "messages" ||
            StringField(ObjectField(value, "metadata"), "phone_number_id") != phone_number_id) {
          ++out.skipped;
          continue;
        }
        for (const json& m : ArrayField(value, "messages")) {
          WhatsAppMessage message;
          if (ReadMessage(m, &message)) {
            out.messages.push_back(std::move(message));
          } else {
            ++out.skipped;
          }
        }
        for (const json& s : ArrayField(value, "statuses")) {
          if (StringField(s, "status") != "failed") {
            ++out.skipped;
            continue;
          }
          WhatsAppFailure f;
          f.message_id = StringField(s, "id");
          f.recipient = StringField(s, "recipient_id");
          const json& errors = ArrayField(s, "errors");
          if (!errors.empty() && errors[0].is_object()) {
            if (errors[0].contains("code") && errors[0]["code"].is_number_integer()) f.code = errors[0]["code"].get<int>();
            f.title = StringField(errors[0], "title");
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
