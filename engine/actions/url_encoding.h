// Percent-encoding of values that go into a URL, and the check of a configured base
// URL. A customer's text reaches a URL only through these encoders, so it cannot
// change the host, leave its path segment or add query parameters.
#pragma once

#include <string>
#include <string_view>

#include "switchboard/status.h"

namespace switchboard {

// Percent-encodes every byte except the RFC 3986 unreserved characters
// (A-Z a-z 0-9 - . _ ~), so the result stays inside one path segment: "/", "?", "#",
// "%" and spaces are encoded, and UTF-8 text is encoded byte by byte. A value that
// is exactly "." or ".." has its dots encoded too, so it is no dot-segment.
std::string EncodePathValue(std::string_view value);

// Percent-encodes a query name or value the same way ("&", "=", "+" and spaces
// included), so it stays one parameter.
std::string EncodeQueryValue(std::string_view value);

// Returns OK when base_url is "http://" or "https://", a host (a name, an IPv4
// address or a bracketed IPv6 address), an optional port 1..65535 and an optional
// path prefix; InvalidArgument saying what is wrong otherwise (another scheme, no
// host, userinfo, a query or fragment, spaces or control characters).
Status ValidateBaseUrl(std::string_view base_url);

// Checks a rendered request path: it starts with '/' and holds only RFC 3986 pchar
// characters, '/' and well-formed %XX escapes (no '?', '#', spaces or raw UTF-8).
Status ValidateRequestPath(std::string_view path);

}  // namespace switchboard
