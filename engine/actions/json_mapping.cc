// JSON responses into slot values and button options; JSON request bodies.
// nlohmann::json's exceptions are caught here and become statuses.
#include <nlohmann/json.hpp>

#include "actions/http_action.h"

namespace switchboard {
namespace {

using nlohmann::json;

std::string AsText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The value at `pointer`, or null when the document lacks it or the pointer is bad.
const json* At(const json& document, std::string_view pointer) {
  if (pointer.empty()) return &document;
  try {
    json::json_pointer p{std::string(pointer)};
    if (!document.contains(p)) return nullptr;
    return &document.at(p);
  } catch (const json::exception&) {
    return nullptr;
  }
}

}  // namespace

Result<HttpFields> MapJsonResponse(std::string_view body, const HttpFields& save) {
  HttpFields out;
  if (body.empty() || save.empty()) return out;
  json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return Status::InvalidArgument("bad JSON: the response is not JSON (" +
                                   std::string(body.substr(0, 40)) + (body.size() > 40 ? "...)" : ")"));
  }
  for (const auto& [slot, pointer] : save) {
    if (const json* value = At(document, pointer)) out.emplace_back(slot, AsText(*value));
  }
  return out;
}

Result<std::vector<JsonOption>> OptionsFromJson(std::string_view json_array,
                                                std::string_view value_pointer,
                                                std::string_view label_pointer) {
  json document = json::parse(json_array, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_array()) {
    return Status::InvalidArgument("options must be a JSON array");
  }
  std::vector<JsonOption> out;
  for (const json& item : document) {
    JsonOption option;
    if (item.is_object()) {
      const json* value = At(item, value_pointer);
      if (value == nullptr || value_pointer.empty()) continue;
      option.value = AsText(*value);
      const json* label = label_pointer.empty() ? nullptr : At(item, label_pointer);
      option.label = label ? AsText(*label) : option.value;
    } else {
      option.value = AsText(item);
      option.label = option.value;
    }
    if (!option.value.empty()) out.push_back(std::move(option));
  }
  return out;
}

std::string JsonObjectBody(const HttpFields& fields) {
  json body = json::object();
  for (const auto& [name, value] : fields) body[name] = value;
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace switchboard
