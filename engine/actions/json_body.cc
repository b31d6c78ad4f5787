// JsonObjectBody: escaping is done by nlohmann::json's serializer, the one place in
// this module's request path that calls it; its exceptions are caught here.
#include "actions/json_body.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace switchboard {
namespace {

// A JSON string literal of text. Invalid UTF-8 is replaced, so dump has nothing to
// throw for; the catch keeps the promise of no exceptions across the boundary.
std::string Quote(const std::string& text) {
  try {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const nlohmann::json::exception&) {
    return "\"\"";
  }
}

}  // namespace

std::string JsonObjectBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::vector<std::pair<std::string, std::string>> members;  // (key, value) deduplicated
  for (const auto& field : fields) {
    // A named pair, not a structured binding: clang 14 (the fuzz build) cannot
    // capture a binding in a lambda.
    const std::string& key = field.first;
    auto it = std::find_if(members.begin(), members.end(),
                           [&key](const auto& member) { return member.first == key; });
    if (it != members.end()) {
      it->second = field.second;
    } else {
      members.emplace_back(key, field.second);
    }
  }
  std::string out = "{";
  for (const auto& [key, value] : members) {
    if (out.size() > 1) out += ',';
    out += Quote(key);
    out += ':';
    out += Quote(value);
  }
  out += '}';
  return out;
}

}  // namespace switchboard
