// A real `switchboard serve` server in the test process, on a free loopback port,
// configured from YAML written to a temporary file, with an HTTP client for it.
// The memory store, or the test Redis under a key prefix of its own.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "integration/redis/redis_test_env.h"
#include "server/server.h"
#include "server/server_config.h"

namespace switchboard::testing {

inline constexpr char kTestApiKey[] = "test-api-key-1";
inline constexpr char kTestAdminToken[] = "test-admin-token";

// The store a server runs on.
struct StoreChoice {
  std::string url = "memory";
  std::string prefix = "sb";
  static StoreChoice Memory() { return {}; }
  static StoreChoice Redis(std::string prefix = UniquePrefix()) { return {TestRedisUrl(), prefix}; }
};

// Reads the configuration file, opens a server on it (with `extra` adapters) and
// starts it; its port goes to *port. A failed test when any of that fails.
inline std::unique_ptr<server::Server> StartConfiguredServer(
    const std::string& config_path, int* port, std::vector<std::unique_ptr<adapters::ChannelAdapter>> extra = {}) {
  std::vector<Diagnostic> diagnostics;
  server::ServerConfig config;
  bool loaded = server::LoadServerConfig(config_path, SB_SOURCE_DIR "/adapters/webchat/static", &config, &diagnostics);
  for (const Diagnostic& d : diagnostics) MESSAGE(FormatDiagnostic(d));
  REQUIRE(loaded);
  auto opened = server::Server::Open(config, &diagnostics, std::move(extra));
  REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
  auto started = opened->get()->Start();
  REQUIRE(started.ok());
  *port = *started;
  return std::move(*opened);
}

class RunningServer {
 public:
  // `extra_yaml` is appended to a configuration with the REST API, the web chat and
  // the admin endpoint on.
  RunningServer(const std::string& flows, StoreChoice store, const std::string& extra_yaml = "",
                std::vector<std::unique_ptr<adapters::ChannelAdapter>> extra = {}, int watch_ms = 0) {
    setenv("SB_TEST_API_KEYS", "other-key,test-api-key-1", 1);
    setenv("SB_TEST_WEBCHAT_SECRET", "webchat-secret-for-tests", 1);
    setenv("SB_TEST_ADMIN_TOKEN", kTestAdminToken, 1);
    static std::atomic<int> counter{0};
    config_path_ = std::filesystem::temp_directory_path() /
                   ("sb-server-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".yaml");
    std::ofstream(config_path_) << "listen: 127.0.0.1:0\n"
                                << "store: " << store.url << "\n"
                                << "store_key_prefix: \"" << store.prefix << "\"\n"
                                << "flows: " << flows << "\n"
                                << "flows_watch_ms: " << watch_ms << "\n"
                                << "admin: {token_env: SB_TEST_ADMIN_TOKEN}\n"
                                << "channels:\n"
                                << "  rest: {api_keys_env: SB_TEST_API_KEYS}\n"
                                << "  webchat: {secret_env: SB_TEST_WEBCHAT_SECRET}\n"
                                << "logging: {level: warn}\n"
                                << extra_yaml;
    server_ = StartConfiguredServer(config_path_.string(), &port_, std::move(extra));
  }
  ~RunningServer() {
    server_.reset();
    std::filesystem::remove(config_path_);
  }

  server::Server& server() { return *server_; }
  int port() const { return port_; }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }

  // POST a JSON body with the test API key.
  httplib::Result Post(const std::string& path, const std::string& body,
                       const std::string& key = kTestApiKey) const {
    auto c = Client();
    httplib::Headers h;
    if (!key.empty()) h.emplace("Authorization", "Bearer " + key);
    return c.Post(path.c_str(), h, body, "application/json");
  }
  httplib::Result Get(const std::string& path, const std::string& key = kTestApiKey) const {
    auto c = Client();
    httplib::Headers h;
    if (!key.empty()) h.emplace("Authorization", "Bearer " + key);
    return c.Get(path.c_str(), h);
  }

 private:
  std::filesystem::path config_path_;
  std::unique_ptr<server::Server> server_;
  int port_ = 0;
};

// The body as JSON (a failed test, not an exception, when it is not JSON).
inline nlohmann::json BodyJson(const httplib::Result& r) {
  REQUIRE(r);
  auto j = nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
  REQUIRE_MESSAGE(!j.is_discarded(), "not JSON: " << r->body);
  return j;
}

}  // namespace switchboard::testing
