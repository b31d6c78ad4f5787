// Server set-up and lifetime shared by the sample services. Signals are taken with
// sigwait() in the main thread (blocked everywhere else), so no work happens inside a
// signal handler.
#include "common/sample_server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/json_reply.h"

namespace lumi {
namespace {

constexpr size_t kMaxBodyBytes = 64 * 1024;

}  // namespace

void InstallCommonHandlers(httplib::Server& server, const SampleOptions& options) {
  server.set_payload_max_length(kMaxBodyBytes);
  if (options.delay_ms > 0) {
    const auto delay = std::chrono::milliseconds(options.delay_ms);
    server.set_pre_routing_handler([delay](const httplib::Request&, httplib::Response&) {
      std::this_thread::sleep_for(delay);
      return httplib::Server::HandlerResponse::Unhandled;
    });
  }
  // Called for every status >= 400; fills in a body only where a handler left none
  // (an unknown path, or a request httplib itself refused).
  httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&,
                                                      httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string code = res.status == 404   ? "not_found"
                       : res.status == 413 ? "too_large"
                                           : "bad_request";
    SendJson(res, res.status, {{"error", code}});
    return httplib::Server::HandlerResponse::Handled;
  };
  server.set_error_handler(std::move(on_error));
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SendJson(res, 500, {{"error", "internal"}});
      });
}

int ServeUntilSignal(httplib::Server& server, const SampleOptions& options) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  // Threads started from here on (the server's) inherit the mask.
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(options.host, port)) {
    port = 0;
  }
  if (port == 0) {
    std::cerr << "cannot listen on " << options.host << ":" << options.port << "\n";
    return 1;
  }
  std::cout << "listening on http://" << options.host << ":" << port << std::endl;

  std::atomic<bool> done{false};
  std::thread serving([&server, &done] {
    server.listen_after_bind();
    done = true;
  });
  int received = 0;
  sigwait(&stop_signals, &received);
  // stop() is a no-op until the accept loop runs; a signal may come before that.
  while (!server.is_running() && !done) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server.stop();
  serving.join();
  std::cerr << "stopped on signal " << received << "\n";
  return 0;
}

}  // namespace lumi
