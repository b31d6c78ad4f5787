// Percent-encoding for path segments and query values, and the checks of base URLs and
// rendered paths, after RFC 3986 (sections 2.1-2.3 and 3). No third-party code: the
// rules are short and must not depend on what a URL library thinks is safe.
#include "actions/url_encoding.h"

#include <string>

#include "util/redact.h"

namespace switchboard {
namespace {

bool IsAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// RFC 3986 unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
bool IsUnreserved(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// RFC 3986 sub-delims
bool IsSubDelim(char c) {
  switch (c) {
    case '!': case '$': case '&': case '\'': case '(': case ')':
    case '*': case '+': case ',': case ';': case '=':
      return true;
    default:
      return false;
  }
}

// pchar without pct-encoded, which callers check separately.
bool IsPlainPchar(char c) { return IsUnreserved(c) || IsSubDelim(c) || c == ':' || c == '@'; }

std::string PercentEncode(std::string_view value, bool encode_dots) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (IsUnreserved(c) && !(encode_dots && c == '.')) {
      out.push_back(c);
    } else {
      auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

// Checks the pchar / "/" / pct-encoded text of a path; on failure says why, naming
// what (e.g. "base_url \"...\"").
Status CheckPathText(std::string_view path, std::string_view what) {
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '/' || IsPlainPchar(c)) continue;
    if (c == '%') {
      if (i + 2 < path.size() && IsHexDigit(path[i + 1]) && IsHexDigit(path[i + 2])) {
        i += 2;
        continue;
      }
      return Status::InvalidArgument(std::string(what) + ": '%' not followed by two hex digits");
    }
    if (c == '?' || c == '#') {
      return Status::InvalidArgument(std::string(what) + ": no query or fragment allowed ('" +
                                     std::string(1, c) + "')");
    }
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F) {
      return Status::InvalidArgument(std::string(what) +
                                     ": spaces, control characters and non-ASCII characters "
                                     "must be percent-encoded");
    }
    return Status::InvalidArgument(std::string(what) + ": character '" + std::string(1, c) +
                                   "' is not allowed in a URL path");
  }
  return Status::Ok();
}

Status CheckHost(std::string_view host, std::string_view what) {
  if (host.empty()) return Status::InvalidArgument(std::string(what) + ": no host");
  if (host.front() == '[') {
    if (host.size() < 4 || host.back() != ']') {
      return Status::InvalidArgument(std::string(what) + ": a bracketed IPv6 host must end with ']'");
    }
    for (char c : host.substr(1, host.size() - 2)) {
      if (!(IsHexDigit(c) || c == ':' || c == '.')) {
        return Status::InvalidArgument(std::string(what) + ": bad IPv6 address");
      }
    }
    return Status::Ok();
  }
  for (char c : host) {
    if (!(IsAlpha(c) || IsDigit(c) || c == '-' || c == '.' || c == '_')) {
      return Status::InvalidArgument(std::string(what) + ": character '" + std::string(1, c) +
                                     "' is not allowed in a host name");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string EncodePathValue(std::string_view value) {
  return PercentEncode(value, /*encode_dots=*/value == "." || value == "..");
}

std::string EncodeQueryValue(std::string_view value) {
  return PercentEncode(value, /*encode_dots=*/false);
}

Status ValidateBaseUrl(std::string_view base_url) {
  const std::string what = "base_url \"" + RedactCredentials(base_url) + "\"";
  size_t scheme_end = base_url.find("://");
  if (scheme_end == std::string_view::npos) {
    return Status::InvalidArgument(what + ": must start with http:// or https://");
  }
  std::string scheme(base_url.substr(0, scheme_end));
  for (char& c : scheme) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (scheme != "http" && scheme != "https") {
    return Status::InvalidArgument(what + ": the scheme must be http:// or https://, not " +
                                   scheme + "://");
  }
  std::string_view rest = base_url.substr(scheme_end + 3);
  for (char c : rest) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F) {
      return Status::InvalidArgument(
          what + ": spaces, control characters and non-ASCII characters are not allowed");
    }
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return Status::InvalidArgument(what + ": no query or fragment allowed; put parameters "
                                   "in the step's query");
  }
  size_t path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  std::string_view prefix =
      path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
  if (authority.find('@') != std::string_view::npos) {
    return Status::InvalidArgument(what + ": no user name or password allowed in the URL; "
                                   "send credentials in headers");
  }
  if (authority.empty()) return Status::InvalidArgument(what + ": no host");

  std::string_view host = authority;
  std::string_view port;
  size_t colon = authority.rfind(':');
  size_t bracket = authority.rfind(']');
  if (colon != std::string_view::npos &&
      (bracket == std::string_view::npos || colon > bracket)) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return Status::InvalidArgument(what + ": empty port after ':'");
    if (port.size() > 5) return Status::InvalidArgument(what + ": port out of range");
    int number = 0;
    for (char c : port) {
      if (!IsDigit(c)) return Status::InvalidArgument(what + ": the port must be a number");
      number = number * 10 + (c - '0');
    }
    if (number < 1 || number > 65535) {
      return Status::InvalidArgument(what + ": port out of range 1..65535");
    }
  }
  if (Status host_status = CheckHost(host, what); !host_status.ok()) return host_status;
  return CheckPathText(prefix, what);
}

Status ValidateRequestPath(std::string_view path) {
  const std::string what = "path \"" + std::string(path) + "\"";
  if (path.empty() || path.front() != '/') {
    return Status::InvalidArgument(what + ": must start with '/'");
  }
  return CheckPathText(path, what);
}

}  // namespace switchboard
