// One HTTP call to a business's own service, as the http step of a flow describes it
// after rendering, and what came of it. Plain data: the transport is in http_client.h,
// the encoding of path and query values in url_encoding.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchboard {

// A fully rendered request. The host comes only from base_url, which the caller takes
// from configuration and never from anything a customer typed.
struct HttpCall {
  std::string method = "GET";  // GET POST PUT PATCH DELETE
  std::string base_url;        // "http://host:port[/prefix]", see ValidateBaseUrl
  // Starts with '/'; already rendered by the caller, every slot value passed through
  // EncodePathValue. Characters outside RFC 3986 pchar, '?' and '#' are refused.
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;  // raw names and values
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;            // JSON text, or empty for no body
  int timeout_ms = 3000;       // for the whole exchange, retries included
  // Extra attempts after a timeout, a connection failure or a 5xx; honoured only for
  // the idempotent methods GET, PUT and DELETE, and capped at kMaxHttpRetries.
  int retries = 0;
  size_t max_response_bytes = 64 * 1024;
  std::string idempotency_key;  // sent as Idempotency-Key when not empty
};

inline constexpr int kMaxHttpRetries = 5;

// What a call came to. kResponse is any HTTP answer, 2xx or not; the other kinds mean
// there is no usable answer.
struct HttpOutcome {
  enum class Kind {
    kResponse,        // status and body are set
    kTimeout,         // no complete answer within timeout_ms
    kUnreachable,     // the connection failed or broke before a complete answer
    kTooLarge,        // the answer's body is over max_response_bytes; reading stopped
    kInvalidRequest,  // the call itself is malformed; nothing was sent
  };
  Kind kind = Kind::kInvalidRequest;
  int status = 0;     // the HTTP status for kResponse, else 0
  std::string body;   // the response body for kResponse, else empty
  int attempts = 0;   // requests sent (0 for kInvalidRequest)
  std::string error;  // a human-readable reason when kind is not kResponse
};

// "response", "timeout", "unreachable", "too_large", "invalid_request": stable names
// for slots and logs.
std::string_view HttpOutcomeKindName(HttpOutcome::Kind kind);

}  // namespace switchboard
