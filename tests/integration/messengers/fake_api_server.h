// The common part of the local fakes of messenger APIs: a real HTTP server on a
// free loopback port, run on its own thread, that records every request and every
// way a request broke the platform's documented schema. Each fake adds its
// platform's routes and checks (fake_telegram_api.h, fake_whatsapp_api.h).
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace switchboard::testing {

class FakeApiServer {
 public:
  FakeApiServer() = default;
  virtual ~FakeApiServer() { Stop(); }
  FakeApiServer(const FakeApiServer&) = delete;
  FakeApiServer& operator=(const FakeApiServer&) = delete;

  // "http://127.0.0.1:PORT".
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Requests that broke the documented schema, each with what was wrong.
  std::vector<std::string> SchemaErrors() {
    std::lock_guard<std::mutex> lock(mu_);
    return schema_errors_;
  }

 protected:
  // Binds to a free port and serves on a thread; call once the routes are set.
  void Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  void Stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  // Records a schema violation (under mu_).
  void Violation(const std::string& what) { schema_errors_.push_back(what); }

  static void Reply(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
  }

  httplib::Server server_;
  std::mutex mu_;
  std::vector<std::string> schema_errors_;

 private:
  int port_ = 0;
  std::thread thread_;
};

// UTF-16 code units of UTF-8 text (what Telegram counts).
inline size_t Utf16Units(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

// Unicode code points of UTF-8 text.
inline size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace switchboard::testing
