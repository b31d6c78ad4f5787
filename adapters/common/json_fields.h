// Reading fields of untrusted webhook JSON without exceptions: a missing field or
// one of another type reads as empty. Included only by the .cc files that parse
// webhook bodies (it brings nlohmann/json.hpp).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace switchboard::adapters {

// A string field, or an integer one as decimal text (ids are either); "" otherwise.
inline std::string StringField(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

// An object field, or an empty object.
inline const nlohmann::json& ObjectField(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

// An array field, or an empty array.
inline const nlohmann::json& ArrayField(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

}  // namespace switchboard::adapters
