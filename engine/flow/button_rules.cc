// Button label and link rules (see button_rules.h).
#include "flow/button_rules.h"

#include <algorithm>
#include <cctype>

#include "flow/source_guard.h"

namespace switchboard {
namespace {

size_t CountChars(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

// `s` without its {{...}} parts.
std::string WithoutTemplates(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t open = s.find("{{", i);
    if (open == std::string_view::npos) break;
    size_t close = s.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(s.substr(i, open - i));
    i = close + 2;
  }
  out.append(s.substr(std::min(i, s.size())));
  return out;
}

}  // namespace

std::optional<std::string> CheckLabel(std::string_view label) {
  bool has_template = label.find("{{") != std::string_view::npos;
  std::string shown = WithoutTemplates(label);
  bool blank = std::all_of(shown.begin(), shown.end(), [](char c) { return c == ' '; });
  if (blank && !has_template) return "a button label is empty";
  if (HasControl(label)) {
    return "a button label holds a line break or control character ('" + Fragment(label) + "')";
  }
  size_t chars = CountChars(shown);
  if (chars > kLabelMaxChars) {
    return "the label '" + Fragment(label) + "' has " + std::to_string(chars) +
           " characters; no messenger shows more than " + std::to_string(kLabelMaxChars) +
           " on a button (VK)";
  }
  return std::nullopt;
}

std::optional<std::string> CheckButtonUrl(std::string_view url) {
  std::string quoted = "'" + Fragment(url) + "'";
  if (url.empty()) return "a link button has an empty url";
  if (std::any_of(url.begin(), url.end(), [](char c) {
        unsigned char u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7F;
      })) {
    return "the link " + quoted + " holds spaces or control characters; encode them (%20)";
  }
  size_t colon = url.find(':');
  bool scheme_ok = colon != std::string_view::npos && colon > 0 &&
                   std::isalpha(static_cast<unsigned char>(url[0]));
  for (size_t i = 0; scheme_ok && i < colon; ++i) {
    char c = url[i];
    scheme_ok = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  }
  if (!scheme_ok) return "the link " + quoted + " has no scheme; write it in full (https://...)";
  std::string scheme(url.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "http" && scheme != "https" && scheme != "tg" && scheme != "mailto" &&
      scheme != "tel") {
    return "the link " + quoted + " uses the scheme '" + Fragment(scheme) +
           ":'; a button may open only http, https, tg, mailto and tel links";
  }
  std::string_view rest = url.substr(colon + 1);
  if ((scheme == "http" || scheme == "https") &&
      (rest.substr(0, 2) != "//" || rest.size() == 2 || rest[2] == '/')) {
    return "the link " + quoted + " has no host; write it as " + scheme + "://host/path";
  }
  if (rest.empty()) return "the link " + quoted + " says nothing after '" + scheme + ":'";
  return std::nullopt;
}

}  // namespace switchboard
