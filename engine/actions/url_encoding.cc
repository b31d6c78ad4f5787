// Percent-encoding of customers' values and checking of configured base URLs.
#include <cctype>

#include "actions/http_action.h"

namespace switchboard {
namespace {

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string PercentEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (unsigned char c : value) {
    if (IsUnreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string EncodePathValue(std::string_view value) {
  // "." and ".." alone would still move up the path once decoded by a server.
  if (value == "." || value == "..") return value == "." ? "%2E" : "%2E%2E";
  return PercentEncode(value);
}

std::string EncodeQueryValue(std::string_view value) { return PercentEncode(value); }

Status ValidateBaseUrl(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else {
    return Status::InvalidArgument("a base URL starts with http:// or https://");
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (authority.empty()) return Status::InvalidArgument("the base URL has no host");
  if (authority.find('@') != std::string_view::npos) {
    return Status::InvalidArgument("user info in a base URL is refused; send credentials in headers");
  }
  if (url.find_first_of("?#") != std::string_view::npos) {
    return Status::InvalidArgument("a base URL has no query or fragment");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '\\') {
      return Status::InvalidArgument("a base URL has no spaces or control characters");
    }
  }
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5) return Status::InvalidArgument("the base URL's port is not a number");
    for (char c : port) {
      if (c < '0' || c > '9') return Status::InvalidArgument("the base URL's port is not a number");
    }
    if (colon == 0) return Status::InvalidArgument("the base URL has no host");
  }
  return Status::Ok();
}

}  // namespace switchboard
