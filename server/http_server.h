// The HTTP listener: adapters' Router over cpp-httplib, configured for load (Nagle
// off, long keep-alive, a worker pool, body limits, read and write timeouts), with
// JSON errors for unknown routes, oversized bodies and handler failures. The only
// file of the server that includes httplib.h.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "adapters/http_types.h"
#include "server/server_config.h"
#include "switchboard/status.h"

namespace switchboard::server {

// Routes are added before Listen; then the server is safe for concurrent use.
class HttpServer final : public adapters::Router {
 public:
  // `on_response(status)` is called after every answer (for metrics).
  HttpServer(const HttpConfig& config, std::function<void(int)> on_response);
  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void Get(const std::string& pattern, adapters::HttpHandler handler) override;
  void Post(const std::string& pattern, adapters::HttpHandler handler) override;

  // Binds host:port (0: any free port) and returns the port; Unavailable when
  // the address cannot be bound.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop; call on its own thread after Bind.
  void Serve();
  // True once Serve accepts connections.
  bool running() const;
  // Stops accepting, lets the requests in progress finish, and returns.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace switchboard::server
