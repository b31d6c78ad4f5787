// HttpClient on cpp-httplib: a fresh connection per attempt (calls are rare next to
// messages, and a fresh connection never carries a half-read answer over), bounded
// reading, retries with a short backoff for idempotent methods only.
#include <httplib.h>

#include <chrono>
#include <thread>

#include "actions/http_action.h"

namespace switchboard {
namespace {

using Clock = std::chrono::steady_clock;

bool Idempotent(const std::string& method) {
  return method == "GET" || method == "PUT" || method == "DELETE";
}

// "http://host:port/prefix" -> ("http://host:port", "/prefix").
std::pair<std::string, std::string> SplitBaseUrl(const std::string& base_url) {
  size_t scheme_end = base_url.find("://");
  size_t slash = base_url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (slash == std::string::npos) return {base_url, ""};
  std::string prefix = base_url.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return {base_url.substr(0, slash), prefix};
}

std::string Target(const HttpCall& call, const std::string& prefix) {
  std::string target = prefix + call.path;
  char separator = target.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : call.query) {
    target += separator;
    target += EncodeQueryValue(name) + "=" + EncodeQueryValue(value);
    separator = '&';
  }
  return target;
}

class HttplibClient final : public HttpClient {
 public:
  HttpOutcome Send(const HttpCall& call) override {
    HttpOutcome outcome;
    if (Status valid = ValidateBaseUrl(call.base_url); !valid.ok()) {
      outcome.kind = HttpOutcome::Kind::kInvalidRequest;
      outcome.error = valid.message();
      return outcome;
    }
    const int attempts = 1 + (Idempotent(call.method) ? std::max(0, call.retries) : 0);
    for (int attempt = 1; attempt <= attempts; ++attempt) {
      outcome = Attempt(call);
      outcome.attempts = attempt;
      const bool transient = outcome.kind == HttpOutcome::Kind::kTimeout ||
                             outcome.kind == HttpOutcome::Kind::kUnreachable ||
                             (outcome.kind == HttpOutcome::Kind::kResponse && outcome.status >= 500);
      if (!transient || attempt == attempts) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
    }
    return outcome;
  }

 private:
  static HttpOutcome Attempt(const HttpCall& call) {
    HttpOutcome outcome;
    auto [origin, prefix] = SplitBaseUrl(call.base_url);
    httplib::Client client(origin);
    if (!client.is_valid()) {
      outcome.kind = HttpOutcome::Kind::kInvalidRequest;
      outcome.error = "cannot use base URL " + call.base_url;
      return outcome;
    }
    const time_t sec = call.timeout_ms / 1000;
    const time_t usec = (call.timeout_ms % 1000) * 1000;
    client.set_connection_timeout(sec, usec);
    client.set_read_timeout(sec, usec);
    client.set_write_timeout(sec, usec);
    client.set_tcp_nodelay(true);
    client.set_follow_location(false);
    client.set_keep_alive(false);

    httplib::Request request;
    request.method = call.method;
    request.path = Target(call, prefix);
    request.headers.emplace("User-Agent", "switchboard");
    request.headers.emplace("Accept", "application/json");
    for (const auto& [name, value] : call.headers) request.headers.emplace(name, value);
    if (!call.idempotency_key.empty()) request.headers.emplace("Idempotency-Key", call.idempotency_key);
    if (!call.body.empty()) {
      request.body = call.body;
      request.headers.emplace("Content-Type", "application/json");
    }
    std::string body;
    bool too_large = false;
    request.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
      if (body.size() + length > call.max_response_bytes) {
        too_large = true;
        return false;  // stop reading: the rest is never buffered
      }
      body.append(data, length);
      return true;
    };

    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    const auto started = Clock::now();
    const bool sent = client.send(request, response, error);
    const auto elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    if (too_large) {
      outcome.kind = HttpOutcome::Kind::kTooLarge;
      outcome.error = "response larger than " + std::to_string(call.max_response_bytes) + " bytes";
      return outcome;
    }
    if (!sent) {
      const bool timed_out = error == httplib::Error::ConnectionTimeout ||
                             ((error == httplib::Error::Read || error == httplib::Error::Write) &&
                              elapsed_ms + 50 >= call.timeout_ms);
      outcome.kind = timed_out ? HttpOutcome::Kind::kTimeout : HttpOutcome::Kind::kUnreachable;
      outcome.error = (timed_out ? "no answer within " + std::to_string(call.timeout_ms) + " ms: "
                                 : std::string("cannot reach ") + origin + ": ") +
                      httplib::to_string(error);
      return outcome;
    }
    outcome.kind = HttpOutcome::Kind::kResponse;
    outcome.status = response.status;
    outcome.body = std::move(body);
    if (outcome.status >= 400) outcome.error = "HTTP " + std::to_string(outcome.status);
    return outcome;
  }
};

}  // namespace

std::unique_ptr<HttpClient> NewHttpClient() { return std::make_unique<HttplibClient>(); }

}  // namespace switchboard
