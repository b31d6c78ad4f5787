// Calls to a messenger's HTTP API (Telegram's Bot API, WhatsApp's Graph API, ...)
// from the adapters' outbound side. The base URL is configurable, so that tests
// point an adapter at a local fake of the platform; the real one is the default.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "switchboard/status.h"

namespace switchboard::adapters {

// What a call came to. `status` is 0 when no HTTP answer came (then `error` says
// why: refused connection, timeout, ...).
struct ApiResponse {
  int status = 0;
  std::string body;
  std::string retry_after;  // the Retry-After header, when there was one
  std::string error;
};

// `fields` percent-encoded as an application/x-www-form-urlencoded body.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

// A MessengerApi is immutable and safe for concurrent use by multiple threads
// (each call opens its own connection).
class MessengerApi {
 public:
  // `base_url` is "http[s]://host[:port][/path]"; InvalidArgument otherwise.
  static Result<MessengerApi> Open(const std::string& base_url, int timeout_ms);

  // POSTs `body` to base path + `path`.
  ApiResponse Post(const std::string& path, const std::string& content_type, const std::string& body,
                   const std::vector<std::pair<std::string, std::string>>& headers = {}) const;

  // POSTs `fields` as application/x-www-form-urlencoded.
  ApiResponse PostForm(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields) const;

  const std::string& base_url() const { return base_url_; }

 private:
  MessengerApi() = default;
  std::string base_url_;
  std::string scheme_host_port_;  // "https://api.telegram.org"
  std::string path_prefix_;       // "/v23.0", or ""
  int timeout_ms_ = 10000;
};

}  // namespace switchboard::adapters
