// Parsing and checking a customer's message body (see customer_message.h).
#include "adapters/common/customer_message.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "adapters/common/json_response.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

Status WrongType(const std::string& key, std::string_view want) {
  return Status::InvalidArgument("field '" + key + "' must be " + std::string(want));
}

}  // namespace

Status ParseCustomerMessage(std::string_view body, const CustomerMessageLimits& limits,
                            const std::vector<std::string>& extra, InboundMessage* message,
                            std::map<std::string, std::string>* extra_values) {
  json doc;
  try {
    doc = json::parse(body);  // throws on malformed JSON and on invalid UTF-8
  } catch (const json::exception& e) {
    std::string what = e.what();
    return Status::InvalidArgument("the body is not valid JSON (UTF-8): " + what.substr(what.find(' ') + 1));
  }
  if (!doc.is_object()) return Status::InvalidArgument("the body must be a JSON object");
  for (auto& [key, value] : doc.items()) {
    bool is_extra = std::find(extra.begin(), extra.end(), key) != extra.end();
    if (key == "start") {
      if (!value.is_boolean()) return WrongType(key, "true or false");
      message->start = value.get<bool>();
      continue;
    }
    if (key != "text" && key != "button_payload" && key != "message_id" && key != "language" &&
        !is_extra) {
      return Status::InvalidArgument("unknown field '" + key +
                                     "'; expected text, button_payload, message_id, start, language");
    }
    if (!value.is_string()) return WrongType(key, "a string");
    std::string s = value.get<std::string>();
    if (key == "text") {
      if (s.size() > limits.max_text_bytes) {
        return Status::InvalidArgument("field 'text' is over " + std::to_string(limits.max_text_bytes) + " bytes");
      }
      message->text = std::move(s);
    } else if (key == "button_payload") {
      if (s.size() > kMaxButtonPayloadBytes) return Status::InvalidArgument("field 'button_payload' is over 64 bytes");
      message->button_payload = std::move(s);
    } else if (key == "message_id") {
      if (!IsSafeId(s)) return Status::InvalidArgument("field 'message_id' must be 1-128 characters of A-Z a-z 0-9 _ . : -");
      message->message_id = std::move(s);
    } else if (key == "language") {
      if (s != "ru" && s != "en") return Status::InvalidArgument("field 'language' must be \"ru\" or \"en\"");
      message->language = std::move(s);
    } else {
      if (s.size() > 1024) return Status::InvalidArgument("field '" + key + "' is over 1024 bytes");
      (*extra_values)[key] = std::move(s);
    }
  }
  if (message->text.empty() && message->button_payload.empty() && !message->start) {
    return Status::InvalidArgument("a message needs 'text', 'button_payload' or \"start\": true");
  }
  return Status::Ok();
}

}  // namespace switchboard::adapters
