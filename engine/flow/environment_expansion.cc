// Environment expansion for service settings.
#include "flow/environment_expansion.h"

#include <cstdlib>

namespace switchboard {
namespace {

bool IsNameChar(char c, bool first) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (!first && c >= '0' && c <= '9');
}

}  // namespace

EnvironmentLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<std::string> ExpandEnvironment(std::string_view text, const EnvironmentLookup& lookup) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (i + 1 >= text.size() || text[i + 1] != '{') {
      out += '$';
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("unclosed '${' at character " + std::to_string(i + 1));
    }
    std::string_view inner = text.substr(i + 2, close - i - 2);
    size_t dash = inner.find(":-");
    std::string name(inner.substr(0, dash));
    if (name.empty() || !IsNameChar(name[0], true)) {
      return Status::InvalidArgument("'${" + std::string(inner) + "}' does not name an environment variable");
    }
    for (char c : name) {
      if (!IsNameChar(c, false)) {
        return Status::InvalidArgument("'${" + std::string(inner) + "}' does not name an environment variable");
      }
    }
    std::optional<std::string> value = lookup(name);
    if (dash != std::string_view::npos) {
      out += value && !value->empty() ? *value : std::string(inner.substr(dash + 2));
    } else if (value) {
      out += *value;
    } else {
      return Status::InvalidArgument("environment variable " + name + " is not set");
    }
    i = close;
  }
  return out;
}

}  // namespace switchboard
