// Redacting credentials from URLs before they reach a message or a log.
#include "util/redact.h"

#include <cctype>

namespace switchboard {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Where a URL that starts at `begin` ends: the first space, quote or bracket that
// cannot be part of it, or the end of text.
size_t UrlEnd(std::string_view text, size_t begin) {
  size_t end = begin;
  while (end < text.size()) {
    const char c = text[end];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '<' ||
        c == '>' || c == '`') {
      break;
    }
    ++end;
  }
  return end;
}

// The query of a URL with secret-looking values replaced: "a=1&token=x" -> "a=1&token=***".
std::string RedactQuery(std::string_view query) {
  std::string out;
  size_t i = 0;
  while (i <= query.size()) {
    size_t amp = query.find('&', i);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(i, amp - i);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && IsCredentialName(pair.substr(0, eq))) {
      out.append(pair.substr(0, eq + 1)).append(kRedacted);
    } else {
      out.append(pair);
    }
    if (amp < query.size()) out.push_back('&');
    i = amp + 1;
  }
  return out;
}

// One URL, from its scheme to UrlEnd. `rest` is what follows "://".
std::string RedactUrl(std::string_view scheme, std::string_view rest) {
  std::string out(scheme);
  out += "://";
  // The userinfo ends at the last '@' before the path, query or fragment. A password
  // may hold '/', so a colon before the '@' also marks userinfo.
  size_t query = rest.find_first_of("?#");
  std::string_view before_query = rest.substr(0, query);
  size_t at = before_query.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = before_query.substr(0, at);
    size_t slash = userinfo.find('/');
    size_t colon = userinfo.find(':');
    if (slash == std::string_view::npos || (colon != std::string_view::npos && colon < slash)) {
      if (colon == std::string_view::npos) {
        out += kRedacted;
      } else {
        out.append(userinfo.substr(0, colon + 1)).append(kRedacted);
      }
      out += '@';
      rest = rest.substr(at + 1);
      query = rest.find_first_of("?#");
    }
  }
  if (query == std::string_view::npos || rest[query] != '?') {
    out.append(rest);
    return out;
  }
  size_t fragment = rest.find('#', query);
  out.append(rest.substr(0, query + 1));
  out += RedactQuery(rest.substr(query + 1, fragment == std::string_view::npos
                                                ? std::string_view::npos
                                                : fragment - query - 1));
  if (fragment != std::string_view::npos) out.append(rest.substr(fragment));
  return out;
}

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

}  // namespace

std::string RedactCredentials(std::string_view text) {
  std::string out;
  size_t copied = 0;
  size_t pos = 0;
  while ((pos = text.find("://", pos)) != std::string_view::npos) {
    size_t scheme_start = pos;
    while (scheme_start > copied && IsSchemeChar(text[scheme_start - 1])) --scheme_start;
    size_t end = UrlEnd(text, pos + 3);
    out.append(text.substr(copied, scheme_start - copied));
    out += RedactUrl(text.substr(scheme_start, pos - scheme_start),
                     text.substr(pos + 3, end - pos - 3));
    copied = pos = end;
  }
  out.append(text.substr(copied));
  return out;
}

bool IsCredentialName(std::string_view name) {
  const std::string lower = Lower(name);
  if (lower == "cookie" || lower == "set-cookie" || lower == "pass" || lower == "pwd" ||
      lower == "sig") {
    return true;
  }
  for (std::string_view part : {"auth", "token", "key", "secret", "password", "signature"}) {
    if (lower.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace switchboard
