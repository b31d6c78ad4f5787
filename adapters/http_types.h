// The HTTP seen by adapters: a request, a response and a router, as plain structs,
// so that adapters never include the HTTP library's header. The server maps them
// onto cpp-httplib (server/http_server.cc); tests can call handlers directly.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchboard::adapters {

struct HttpRequest {
  std::string method;
  std::string path;
  std::vector<std::string> captures;          // the route pattern's groups, in order
  std::map<std::string, std::string> query;   // the first value of each parameter
  std::map<std::string, std::string> headers; // names lowercased
  std::string body;
  std::string remote_addr;

  // The header's value, or "" when it is missing. `name` is lowercase.
  const std::string& Header(const std::string& name) const;
  // The query parameter's value, or "" when it is missing.
  const std::string& Query(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is streamed instead (chunked; `body` is ignored): called
  // again and again with a writer until it returns false. The writer returns false
  // once the client has gone. For long-lived streams such as Server-Sent Events;
  // each open stream holds one of the server's worker threads.
  std::function<bool(const std::function<bool(std::string_view)>& write)> stream = nullptr;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Where adapters mount their routes. `pattern` is an ECMAScript regular expression
// matched against the whole path; its groups become HttpRequest::captures.
class Router {
 public:
  virtual ~Router() = default;
  virtual void Get(const std::string& pattern, HttpHandler handler) = 0;
  virtual void Post(const std::string& pattern, HttpHandler handler) = 0;
};

}  // namespace switchboard::adapters
