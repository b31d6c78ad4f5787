// JSON pointers over service answers. Bodies are parsed with nlohmann::json's SAX
// interface into a tree in which each decimal number is kept as the text the service
// wrote (a binary value with subtype kRawNumber), so "1990.00" is not shown as "1990.0";
// pointers are resolved by our own RFC 6901 walker, which never throws. Every
// nlohmann exception is caught in this file.
#include "actions/json_pointer_mapping.h"

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

namespace switchboard {
namespace {

using nlohmann::json;

constexpr std::uint8_t kRawNumber = 0x4E;  // subtype of a binary value holding number text
constexpr size_t kMaxDepth = 64;           // deeper nesting is refused as bad JSON

// Builds a json tree from SAX events. Parents on stack_ stay put while their children
// are added: only the innermost container grows.
class RawNumberTreeBuilder {
 public:
  explicit RawNumberTreeBuilder(json* root) : root_(root) {}

  bool null() { return Add(json(nullptr)); }
  bool boolean(bool value) { return Add(json(value)); }
  bool number_integer(json::number_integer_t value) { return Add(json(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return Add(json(value)); }
  bool number_float(json::number_float_t, const json::string_t& text) {
    return Add(json::binary(std::vector<std::uint8_t>(text.begin(), text.end()), kRawNumber));
  }
  bool string(json::string_t& value) { return Add(json(std::move(value))); }
  bool binary(json::binary_t& value) { return Add(json::binary(std::move(value))); }
  bool start_object(std::size_t) { return Open(json::object()); }
  bool key(json::string_t& key) {
    // Duplicate keys: the last value wins.
    member_ = &(*stack_.back())[key];
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) { return Open(json::array()); }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) {
    error_ = error.what();
    return false;
  }

  const std::string& error() const { return error_; }

 private:
  json* Put(json value) {
    if (stack_.empty()) {
      *root_ = std::move(value);
      return root_;
    }
    json* parent = stack_.back();
    if (parent->is_array()) {
      auto& elements = parent->get_ref<json::array_t&>();
      elements.push_back(std::move(value));
      return &elements.back();
    }
    *member_ = std::move(value);
    return member_;
  }
  bool Add(json value) { return Put(std::move(value)) != nullptr; }
  bool Open(json container) {
    if (stack_.size() >= kMaxDepth) {
      error_ = "nested deeper than " + std::to_string(kMaxDepth) + " levels";
      return false;
    }
    stack_.push_back(Put(std::move(container)));
    return true;
  }

  json* root_;
  std::vector<json*> stack_;
  json* member_ = nullptr;
  std::string error_;
};

// "[json.exception.parse_error.101] parse error at ..." -> "parse error at ...".
std::string Readable(const std::string& what) {
  if (!what.empty() && what.front() == '[') {
    size_t end = what.find("] ");
    if (end != std::string::npos) return what.substr(end + 2);
  }
  return what;
}

Result<json> Parse(std::string_view text) {
  json root;
  RawNumberTreeBuilder builder(&root);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const json::exception& error) {
    return Status::InvalidArgument("bad JSON: " + Readable(error.what()));
  }
  if (!ok) {
    return Status::InvalidArgument(
        "bad JSON: " + Readable(builder.error().empty() ? "unreadable" : builder.error()));
  }
  return root;
}

bool IsRawNumber(const json& value) {
  return value.is_binary() && value.get_binary().has_subtype() &&
         value.get_binary().subtype() == kRawNumber;
}

std::string Quote(const std::string& text) {
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Compact JSON text of value, with raw numbers as written.
void AppendCompact(const json& value, std::string* out) {
  if (IsRawNumber(value)) {
    const auto& bytes = value.get_binary();
    out->append(bytes.begin(), bytes.end());
  } else if (value.is_array()) {
    out->push_back('[');
    bool first = true;
    for (const json& element : value) {
      if (!first) out->push_back(',');
      first = false;
      AppendCompact(element, out);
    }
    out->push_back(']');
  } else if (value.is_object()) {
    out->push_back('{');
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      if (!first) out->push_back(',');
      first = false;
      out->append(Quote(key));
      out->push_back(':');
      AppendCompact(member, out);
    }
    out->push_back('}');
  } else if (value.is_string()) {
    out->append(Quote(value.get_ref<const std::string&>()));
  } else {
    out->append(value.dump());
  }
}

// A slot's text for value: see MapJsonResponse.
std::string SlotText(const json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  std::string out;
  AppendCompact(value, &out);
  return out;
}

bool IsScalar(const json& value) {
  return value.is_string() || value.is_number() || value.is_boolean() || IsRawNumber(value);
}

JsonKind KindOf(const json& value) {
  if (value.is_null()) return JsonKind::kNull;
  if (value.is_array()) return JsonKind::kArray;
  if (value.is_object()) return JsonKind::kObject;
  return JsonKind::kScalar;
}

// Splits an RFC 6901 pointer into unescaped reference tokens; nullopt when malformed.
std::optional<std::vector<std::string>> SplitPointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/') return std::nullopt;
  std::string token;
  for (size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
    } else if (pointer[i] == '~') {
      if (i + 1 >= pointer.size()) return std::nullopt;
      char next = pointer[++i];
      if (next == '0') {
        token.push_back('~');
      } else if (next == '1') {
        token.push_back('/');
      } else {
        return std::nullopt;
      }
    } else {
      token.push_back(pointer[i]);
    }
  }
  return tokens;
}

// An array index token: "0" or digits without a leading zero.
std::optional<size_t> ArrayIndex(const std::string& token) {
  if (token.empty() || token.size() > 9 || (token.size() > 1 && token.front() == '0')) {
    return std::nullopt;
  }
  size_t index = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<size_t>(c - '0');
  }
  return index;
}

// The value tokens lead to, or nullptr when they do not resolve.
const json* Resolve(const json& document, const std::vector<std::string>& tokens) {
  const json* current = &document;
  for (const std::string& token : tokens) {
    if (current->is_object()) {
      auto it = current->find(token);
      if (it == current->end()) return nullptr;
      current = &*it;
    } else if (current->is_array()) {
      std::optional<size_t> index = ArrayIndex(token);
      if (!index || *index >= current->size()) return nullptr;
      current = &(*current)[*index];
    } else {
      return nullptr;
    }
  }
  return current;
}

Result<std::vector<std::string>> PointerTokens(std::string_view pointer) {
  std::optional<std::vector<std::string>> tokens = SplitPointer(pointer);
  if (!tokens) {
    return Status::InvalidArgument("bad JSON pointer \"" + std::string(pointer) +
                                   "\": it must be empty or start with '/', and '~' must be "
                                   "followed by 0 or 1");
  }
  return std::move(*tokens);
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

Status ValidateJsonPointer(std::string_view pointer) {
  Result<std::vector<std::string>> tokens = PointerTokens(pointer);
  return tokens.ok() ? Status::Ok() : tokens.status();
}

Result<std::vector<JsonField>> ReadJsonFields(
    std::string_view body, const std::vector<std::pair<std::string, std::string>>& save) {
  std::vector<std::vector<std::string>> pointers;
  for (const auto& [slot, pointer] : save) {
    Result<std::vector<std::string>> tokens = PointerTokens(pointer);
    if (!tokens.ok()) {
      return Status::InvalidArgument("slot " + slot + ": " + tokens.status().message());
    }
    pointers.push_back(std::move(tokens).value());
  }
  std::vector<JsonField> fields;
  if (IsBlank(body)) return fields;
  Result<json> document = Parse(body);
  if (!document.ok()) return document.status();
  try {
    for (size_t i = 0; i < save.size(); ++i) {
      if (const json* value = Resolve(*document, pointers[i])) {
        fields.push_back({save[i].first, SlotText(*value), KindOf(*value)});
      }
    }
  } catch (const json::exception& error) {
    return Status::Internal("JSON mapping: " + Readable(error.what()));
  }
  return fields;
}

Result<std::vector<std::pair<std::string, std::string>>> MapJsonResponse(
    std::string_view body, const std::vector<std::pair<std::string, std::string>>& save) {
  Result<std::vector<JsonField>> fields = ReadJsonFields(body, save);
  if (!fields.ok()) return fields.status();
  std::vector<std::pair<std::string, std::string>> values;
  for (JsonField& field : *fields) values.emplace_back(std::move(field.slot), std::move(field.text));
  return values;
}

Result<std::vector<JsonOption>> OptionsFromJson(std::string_view json_array,
                                                std::string_view value_pointer,
                                                std::string_view label_pointer) {
  Result<std::vector<std::string>> value_tokens = PointerTokens(value_pointer);
  if (!value_tokens.ok()) return value_tokens.status();
  Result<std::vector<std::string>> label_tokens = PointerTokens(label_pointer);
  if (!label_tokens.ok()) return label_tokens.status();
  Result<json> document = Parse(json_array);
  if (!document.ok()) return document.status();
  if (!document->is_array()) {
    return Status::InvalidArgument("options: the value is not a JSON array");
  }
  std::vector<JsonOption> options;
  try {
    for (const json& element : *document) {
      if (element.is_null()) continue;
      if (IsScalar(element)) {
        std::string text = SlotText(element);
        if (!text.empty()) options.push_back({text, text});
        continue;
      }
      const json* value = Resolve(element, *value_tokens);
      if (value == nullptr || !IsScalar(*value)) continue;
      JsonOption option;
      option.value = SlotText(*value);
      if (option.value.empty()) continue;
      const json* label = Resolve(element, *label_tokens);
      if (label != nullptr && IsScalar(*label)) option.label = SlotText(*label);
      if (option.label.empty()) option.label = option.value;
      options.push_back(std::move(option));
    }
  } catch (const json::exception& error) {
    return Status::Internal("JSON options: " + Readable(error.what()));
  }
  return options;
}

}  // namespace switchboard
