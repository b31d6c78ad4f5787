// One call to a business's HTTP service, as the flows' http step makes it: the
// request's parts, its outcome, the client that performs it, and the helpers that
// keep customers' values from changing a URL's structure and turn JSON responses
// into slot values. Nothing here knows about flows or sessions.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "switchboard/status.h"

namespace switchboard {

using HttpFields = std::vector<std::pair<std::string, std::string>>;

struct HttpCall {
  std::string method = "GET";        // GET POST PUT PATCH DELETE
  std::string base_url;              // "http://host:port[/prefix]", from configuration only
  std::string path;                  // rendered, each slot value through EncodePathValue
  HttpFields query;                  // raw values; encoded when sent
  HttpFields headers;
  std::string body;                  // JSON text, or empty
  int timeout_ms = 3000;             // per attempt: connect, write and read each
  int retries = 0;                   // extra attempts after a timeout, a connection
                                     // failure or a 5xx; GET, PUT and DELETE only
  size_t max_response_bytes = 64 * 1024;
  std::string idempotency_key;       // sent as Idempotency-Key when not empty
};

struct HttpOutcome {
  enum class Kind {
    kResponse,        // the service answered (any status)
    kTimeout,         // no answer in time, on every attempt
    kUnreachable,     // no connection, on every attempt
    kTooLarge,        // the body went past max_response_bytes; reading stopped
    kInvalidRequest,  // the call could not be made (a bad base URL)
  };
  Kind kind = Kind::kResponse;
  int status = 0;      // kResponse
  std::string body;    // kResponse
  int attempts = 0;
  std::string error;   // what went wrong, for logs and the http_error slot
};

// Performs calls. Safe for concurrent use by multiple threads: a call blocks only
// its caller, for at most (retries + 1) * 3 * timeout plus the backoff between tries.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual HttpOutcome Send(const HttpCall& call) = 0;
};

// cpp-httplib over plain HTTP or HTTPS, TCP_NODELAY on, no redirects followed.
std::unique_ptr<HttpClient> NewHttpClient();

// Percent-encodes every byte but RFC 3986's unreserved characters, so a value fills
// one path segment and can add neither a segment, a query nor a fragment.
std::string EncodePathValue(std::string_view value);
// The same for a query value ("&", "=", "+" and spaces included).
std::string EncodeQueryValue(std::string_view value);

// OK for http:// or https:// with a host, an optional port and path prefix; refuses
// user info, queries and fragments, which have no place in a base URL.
Status ValidateBaseUrl(std::string_view base_url);

// Slot values from a JSON response: for each (slot, JSON pointer), scalars as text
// (strings unquoted, null as empty), arrays and objects as compact JSON. A pointer
// the response lacks leaves its slot out; an empty pointer takes the whole response.
// InvalidArgument("bad JSON: ...") when the body is not JSON (an empty body maps
// nothing).
Result<HttpFields> MapJsonResponse(std::string_view body, const HttpFields& save);

// Options for buttons from a JSON array: strings are both value and label; objects
// give theirs through the pointers. InvalidArgument when the text is not an array.
struct JsonOption {
  std::string value;
  std::string label;
};
Result<std::vector<JsonOption>> OptionsFromJson(std::string_view json_array,
                                                std::string_view value_pointer,
                                                std::string_view label_pointer);

// A JSON object of string fields, properly escaped.
std::string JsonObjectBody(const HttpFields& fields);

}  // namespace switchboard
