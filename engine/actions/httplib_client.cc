// The real HttpClient, on cpp-httplib (Debian's shared build, with OpenSSL for https).
// Each attempt opens its own connection, so the object holds no mutable state. The
// call's timeout is one deadline for the whole exchange, retries and waits between
// them included: each attempt's connect, read and write timeouts are what is left of
// it, and a watchdog stops the attempt at the deadline, so a service that trickles
// its headers a byte at a time cannot hold a turn. httplib.h stays in this file.
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "actions/http_client.h"
#include "actions/url_encoding.h"

namespace switchboard {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kMaxTimeoutMs = 10 * 60 * 1000;
constexpr int kFirstBackoffMs = 100;
constexpr int kMaxBackoffMs = 800;

bool IsKnownMethod(const std::string& method) {
  return method == "GET" || method == "POST" || method == "PUT" || method == "PATCH" ||
         method == "DELETE";
}

bool IsIdempotent(const std::string& method) {
  return method == "GET" || method == "PUT" || method == "DELETE";
}

// RFC 9110 token characters, for header names.
bool IsTokenChar(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Empty when the header may be sent; otherwise why not.
std::string HeaderProblem(const std::string& name, const std::string& value) {
  if (name.empty()) return "a header has an empty name";
  for (char c : name) {
    if (!IsTokenChar(c)) return "header name \"" + name + "\" has a character not allowed there";
  }
  for (std::string_view framing : {"Host", "Content-Length", "Transfer-Encoding", "Connection"}) {
    if (EqualsIgnoringCase(name, framing)) return "header " + name + " is set by the client itself";
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') {
      return "the value of header " + name + " has a line break or NUL";
    }
  }
  return "";
}

// Where the request goes: "http://host:port" for httplib's Client and the request
// target "/prefix/path?query".
struct Destination {
  std::string scheme_host_port;
  std::string target;
};

Destination DestinationOf(const HttpCall& call) {
  std::string_view base = call.base_url;
  size_t authority = base.find("://") + 3;  // ValidateBaseUrl found "://"
  size_t slash = base.find('/', authority);
  Destination destination;
  destination.scheme_host_port = std::string(base.substr(0, slash));
  for (size_t i = 0; i + 3 < authority; ++i) {  // httplib knows only lower-case schemes
    char& c = destination.scheme_host_port[i];
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::string_view prefix =
      slash == std::string_view::npos ? std::string_view() : base.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  destination.target = std::string(prefix) + call.path;
  char separator = '?';
  for (const auto& [name, value] : call.query) {
    destination.target += separator;
    destination.target += EncodeQueryValue(name);
    destination.target += '=';
    destination.target += EncodeQueryValue(value);
    separator = '&';
  }
  return destination;
}

HttpOutcome Invalid(std::string error) {
  HttpOutcome outcome;
  outcome.kind = HttpOutcome::Kind::kInvalidRequest;
  outcome.error = std::move(error);
  return outcome;
}

// Empty when call can be sent; otherwise the reason it cannot.
std::string CallProblem(const HttpCall& call) {
  if (!IsKnownMethod(call.method)) {
    return "method \"" + call.method + "\" is not one of GET, POST, PUT, PATCH, DELETE";
  }
  if (Status status = ValidateBaseUrl(call.base_url); !status.ok()) return status.message();
  if (Status status = ValidateRequestPath(call.path); !status.ok()) return status.message();
  if (call.timeout_ms <= 0 || call.timeout_ms > kMaxTimeoutMs) {
    return "timeout_ms " + std::to_string(call.timeout_ms) + " is out of range 1.." +
           std::to_string(kMaxTimeoutMs);
  }
  for (const auto& [name, value] : call.query) {
    if (name.empty()) return "a query parameter has an empty name";
  }
  for (const auto& [name, value] : call.headers) {
    if (std::string problem = HeaderProblem(name, value); !problem.empty()) return problem;
  }
  return HeaderProblem("Idempotency-Key", call.idempotency_key);
}

httplib::Headers HeadersOf(const HttpCall& call) {
  httplib::Headers headers;
  bool has_user_agent = false;
  bool has_accept = false;
  for (const auto& [name, value] : call.headers) {
    has_user_agent = has_user_agent || EqualsIgnoringCase(name, "User-Agent");
    has_accept = has_accept || EqualsIgnoringCase(name, "Accept");
    headers.emplace(name, value);
  }
  if (!has_user_agent) headers.emplace("User-Agent", "switchboard");
  if (!has_accept) headers.emplace("Accept", "application/json");
  if (!call.idempotency_key.empty()) headers.emplace("Idempotency-Key", call.idempotency_key);
  if (!call.body.empty()) headers.emplace("Content-Type", "application/json");
  return headers;
}

// Stops an httplib request from another thread once a deadline passes. httplib's
// timeouts bound each read, not the exchange: a server sending a byte a second never
// trips them. stop() shuts the socket down, and the request fails at once. A stop
// that comes while the connection is being opened waits for httplib's lock (the
// connect timeout bounds that), so the watch repeats it every 10 ms until the attempt
// ends. One thread per attempt; the destructor ends and joins it.
class DeadlineWatch {
 public:
  DeadlineWatch(httplib::Client* client, SteadyClock::time_point deadline)
      : thread_([this, client, deadline] { Watch(client, deadline); }) {}
  ~DeadlineWatch() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  DeadlineWatch(const DeadlineWatch&) = delete;  // owns a running thread
  DeadlineWatch& operator=(const DeadlineWatch&) = delete;

 private:
  void Watch(httplib::Client* client, SteadyClock::time_point deadline) {
    std::unique_lock lock(mu_);
    if (cv_.wait_until(lock, deadline, [this] { return done_; })) return;
    while (!done_) {
      client->stop();
      cv_.wait_for(lock, std::chrono::milliseconds(10), [this] { return done_; });
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;  // last: starts once the members above exist
};

// One request on a new connection, given up at `deadline`. attempts is left for the
// caller to fill in.
HttpOutcome Attempt(const HttpCall& call, const Destination& destination,
                    const httplib::Headers& headers, SteadyClock::time_point deadline) {
  const auto left = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 deadline - SteadyClock::now()),
                             std::chrono::milliseconds(1));

  httplib::Client client(destination.scheme_host_port);
  client.set_connection_timeout(left);
  client.set_read_timeout(left);
  client.set_write_timeout(left);
  client.set_tcp_nodelay(true);
  client.set_follow_location(false);
  client.set_url_encode(false);  // the target is encoded already
  client.set_keep_alive(false);

  std::string body;
  bool too_large = false;
  bool late = false;
  httplib::Request request;
  request.method = call.method;
  request.path = destination.target;
  request.headers = headers;
  request.body = call.body;
  request.response_handler = [&](const httplib::Response& response) {
    // A declared length over the limit is refused before any of the body is read.
    std::string length = response.get_header_value("Content-Length");
    if (!length.empty() && std::strtoull(length.c_str(), nullptr, 10) > call.max_response_bytes) {
      too_large = true;
      return false;
    }
    return true;
  };
  request.content_receiver = [&](const char* data, size_t size, uint64_t, uint64_t) {
    if (body.size() + size > call.max_response_bytes) {
      too_large = true;
      return false;
    }
    if (SteadyClock::now() > deadline) {
      late = true;
      return false;
    }
    body.append(data, size);
    return true;
  };

  httplib::Result result = [&] {
    DeadlineWatch watch(&client, deadline);
    return client.send(request);
  }();
  HttpOutcome outcome;
  if (result) {
    outcome.kind = HttpOutcome::Kind::kResponse;
    outcome.status = result->status;
    outcome.body = std::move(body);
    return outcome;
  }
  const httplib::Error error = result.error();
  const bool out_of_time = SteadyClock::now() >= deadline;
  if (too_large) {
    outcome.kind = HttpOutcome::Kind::kTooLarge;
    outcome.error = "the answer is over " + std::to_string(call.max_response_bytes) + " bytes";
  } else if (late || out_of_time || error == httplib::Error::ConnectionTimeout) {
    outcome.kind = HttpOutcome::Kind::kTimeout;
    outcome.error = "no answer from " + destination.scheme_host_port + " within " +
                    std::to_string(call.timeout_ms) + " ms";
  } else {
    outcome.kind = HttpOutcome::Kind::kUnreachable;
    outcome.error = "cannot reach " + destination.scheme_host_port + ": " +
                    httplib::to_string(error);
  }
  return outcome;
}

bool IsRetryable(const HttpOutcome& outcome) {
  switch (outcome.kind) {
    case HttpOutcome::Kind::kTimeout:
    case HttpOutcome::Kind::kUnreachable:
      return true;
    case HttpOutcome::Kind::kResponse:
      return outcome.status >= 500 && outcome.status <= 599;
    default:
      return false;
  }
}

// An HttpClient on cpp-httplib. Holds no state: safe for concurrent use by multiple
// threads.
class HttplibClient final : public HttpClient {
 public:
  HttpOutcome Send(const HttpCall& call) override {
    if (std::string problem = CallProblem(call); !problem.empty()) return Invalid(problem);
    const Destination destination = DestinationOf(call);
    const httplib::Headers headers = HeadersOf(call);
    const int max_attempts =
        1 + (IsIdempotent(call.method) ? std::clamp(call.retries, 0, kMaxHttpRetries) : 0);
    const SteadyClock::time_point deadline =
        SteadyClock::now() + std::chrono::milliseconds(call.timeout_ms);
    int backoff_ms = kFirstBackoffMs;
    for (int attempt = 1;; ++attempt) {
      HttpOutcome outcome = Attempt(call, destination, headers, deadline);
      outcome.attempts = attempt;
      // A retry needs time for its wait and for an answer after it.
      const bool time_left =
          SteadyClock::now() + std::chrono::milliseconds(2 * backoff_ms) < deadline;
      if (attempt >= max_attempts || !IsRetryable(outcome) || !time_left) {
        if (attempt > 1 && outcome.kind != HttpOutcome::Kind::kResponse) {
          outcome.error += " (" + std::to_string(attempt) + " attempts)";
        }
        return outcome;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
      backoff_ms = std::min(backoff_ms * 2, kMaxBackoffMs);
    }
  }
};

}  // namespace

std::unique_ptr<HttpClient> NewHttpClient() { return std::make_unique<HttplibClient>(); }

}  // namespace switchboard
