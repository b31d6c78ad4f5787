// `switchboard serve`: the engine, its store, the channel adapters, the HTTP
// listener, the delivery workers and the flow watcher, put together from a
// ServerConfig. Health (/healthz, /readyz), /metrics and the admin reload
// endpoint are mounted here; everything customer-facing comes from adapters.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "adapters/channel_adapter.h"
#include "server/server_config.h"
#include "switchboard/diagnostic.h"
#include "switchboard/engine.h"

namespace switchboard::server {

class Server {
 public:
  // Opens the store, loads the flows and builds the adapters (plus `extra` ones,
  // for channels that tests bring). Flow problems go to *diagnostics.
  static Result<std::unique_ptr<Server>> Open(
      const ServerConfig& config, std::vector<Diagnostic>* diagnostics,
      std::vector<std::unique_ptr<adapters::ChannelAdapter>> extra = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, then serves HTTP, delivers and watches the flows on background threads.
  // Returns the port.
  Result<int> Start();
  // Graceful: stops accepting, finishes requests and turns in progress, stops
  // delivery after the replies in hand, and joins every thread.
  void Stop();

  Engine& engine();
  // The store the server runs on (customers' identities and profiles included).
  Store& store();
  // Reloads the flows: refused (the old ones keep serving) when they have errors.
  Status Reload(std::vector<Diagnostic>* diagnostics);

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace switchboard::server
