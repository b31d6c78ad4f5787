// A small OpenAPI schema checker for tests (see openapi_check.h).
#include "support/openapi_check.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

namespace switchboard::testing {
namespace {

using nlohmann::json;

// yaml-cpp's tree as JSON; scalars that read as numbers or booleans become them.
json ToJson(const YAML::Node& node) {
  if (node.IsMap()) {
    json out = json::object();
    for (const auto& kv : node) out[kv.first.Scalar()] = ToJson(kv.second);
    return out;
  }
  if (node.IsSequence()) {
    json out = json::array();
    for (const auto& item : node) out.push_back(ToJson(item));
    return out;
  }
  if (node.IsNull()) return nullptr;
  const std::string& s = node.Scalar();
  if (node.Tag() != "!") {  // unquoted
    if (s == "true" || s == "false") return s == "true";
    char* end = nullptr;
    long long n = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && *end == '\0') return n;
  }
  return s;
}

bool HasType(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  return false;
}

}  // namespace

OpenApiCheck::OpenApiCheck(const std::string& path) {
  try {
    spec_ = ToJson(YAML::LoadFile(path));
  } catch (const YAML::Exception& e) {
    FAIL("cannot read " << path << ": " << e.what());
  }
}

const json& OpenApiCheck::Resolve(const json& node) const {
  if (!node.is_object() || !node.contains("$ref")) return node;
  std::string ref = node["$ref"].get<std::string>();  // "#/components/schemas/Turn"
  return Resolve(spec_.at(json::json_pointer(ref.substr(1))));
}

std::string OpenApiCheck::Check(const std::string& path, const std::string& method, int status,
                                const json& value) const {
  const json& paths = spec_.at("paths");
  if (!paths.contains(path)) return "no path " + path + " in the API file";
  const json& responses = paths.at(path).at(method).at("responses");
  std::string code = std::to_string(status);
  if (!responses.contains(code)) return "status " + code + " is not documented for " + method + " " + path;
  const json& response = Resolve(responses.at(code));
  return Match(response.at("content").at("application/json").at("schema"), value, "$");
}

std::string OpenApiCheck::Match(const json& raw, const json& value, const std::string& at) const {
  const json& schema = Resolve(raw);
  if (schema.contains("type") && !HasType(value, schema["type"])) {
    return at + ": expected " + schema["type"].get<std::string>() + ", found " + value.dump();
  }
  if (schema.contains("enum")) {
    bool listed = false;
    for (const json& e : schema["enum"]) listed |= e == value;
    if (!listed) return at + ": " + value.dump() + " is not one of " + schema["enum"].dump();
  }
  if (value.is_object()) {
    for (const json& name : schema.value("required", json::array())) {
      if (!value.contains(name.get<std::string>())) return at + ": missing '" + name.get<std::string>() + "'";
    }
    const json properties = schema.value("properties", json::object());
    for (auto& [key, item] : value.items()) {
      if (properties.contains(key)) {
        if (std::string e = Match(properties[key], item, at + "." + key); !e.empty()) return e;
      } else if (schema.contains("additionalProperties")) {
        const json& extra = schema["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>()) return at + ": unexpected '" + key + "'";
        if (extra.is_object()) {
          if (std::string e = Match(extra, item, at + "." + key); !e.empty()) return e;
        }
      } else if (!properties.empty()) {
        return at + ": '" + key + "' is not documented";
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i) {
      if (std::string e = Match(schema["items"], value[i], at + "[" + std::to_string(i) + "]"); !e.empty()) return e;
    }
  }
  return "";
}

}  // namespace switchboard::testing
