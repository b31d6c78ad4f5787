// A slow or dead service never blocks other conversations and never leaves one
// stuck: the real engine, a real (slow) sample order system over loopback.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/service_process.h"
#include "switchboard/engine.h"

using namespace switchboard;
using switchboard::testing::ServiceProcess;
namespace fs = std::filesystem;

namespace {

const char* kFlows = R"(
services:
  orders: {base_url: "${SB_TEST_SLOW_ORDERS_URL}", timeout_ms: 2500}
flows:
  - id: order
    triggers: {regex: ['заказ\s+(?P<number>\d+)']}
    steps:
      - http: {service: orders, path: "/orders/{{number}}", retries: 0, save: {status: /status}}
        on_error: down
      - say: "Статус: {{status}}"
      - end:
      - id: down
        say: "Система заказов не отвечает."
  - id: hours
    triggers: {keywords: [режим работы]}
    steps: [{say: "Работаем с 10 до 21."}]
)";

// A flows folder for the test, removed at the end.
struct FlowsDir {
  FlowsDir() {
    path = fs::temp_directory_path() / ("sb-slow-" + std::to_string(::getpid()));
    fs::create_directories(path);
    std::ofstream(path / "bot.yaml") << kFlows;
  }
  ~FlowsDir() { fs::remove_all(path); }
  fs::path path;
};

// The order system answering after `delay_ms`, and an engine on the flows above.
struct SlowOrdersBot {
  explicit SlowOrdersBot(int delay_ms) {
    auto started = ServiceProcess::Start(LUMI_ORDER_SERVICE_BIN, {"--port", "0", "--delay-ms", std::to_string(delay_ms)});
    REQUIRE(started.ok());
    service = std::move(started).value();
    ::setenv("SB_TEST_SLOW_ORDERS_URL", service->base_url().c_str(), 1);
    auto opened = Engine::Open({.flows_dir = flows.path.string(), .store = store.get()});
    REQUIRE(opened.ok());
    engine = std::move(opened).value();
  }
  std::unique_ptr<ServiceProcess> service;
  FlowsDir flows;
  std::unique_ptr<Store> store = NewMemoryStore();
  std::unique_ptr<Engine> engine;
};

InboundMessage Message(const std::string& session, const std::string& text) {
  InboundMessage m;
  m.session_id = session;
  m.message_id = session + ":1";
  m.text = text;
  return m;
}

}  // namespace

TEST_CASE("A conversation waiting on a slow service does not hold up another conversation") {
  SlowOrdersBot bot(1500);
  Engine* engine = bot.engine.get();

  std::atomic<bool> slow_started{false}, slow_done{false};
  std::string slow_reply;
  std::thread slow([&] {
    slow_started = true;
    auto r = engine->Handle(Message("slow", "где заказ 1234567"));
    if (r.ok() && !r->replies.empty()) slow_reply = r->replies[0].text;
    slow_done = true;
  });
  while (!slow_started) std::this_thread::yield();
  // Let the slow turn reach its call; the service answers only after 1.5 s.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto quick = engine->Handle(Message("quick", "какой режим работы?"));
  const bool slow_still_waiting = !slow_done;
  slow.join();

  REQUIRE(quick.ok());
  REQUIRE(quick->replies.size() == 1);
  CHECK(quick->replies[0].text == "Работаем с 10 до 21.");
  CHECK(slow_still_waiting);
  CHECK(slow_reply == "Статус: shipped");
}

TEST_CASE("A service that answers too late leads to the flow's error branch, not a stuck conversation") {
  SlowOrdersBot bot(4000);
  Engine* engine = bot.engine.get();
  auto r = engine->Handle(Message("late", "где заказ 1234567"));
  REQUIRE(r.ok());
  REQUIRE(r->replies.size() == 1);
  CHECK(r->replies[0].text == "Система заказов не отвечает.");
  CHECK(r->slots.at("http_status") == "timeout");
  // The conversation is free: the next message is answered normally.
  auto next = engine->Handle(Message("late2", "режим работы"));
  REQUIRE(next.ok());
  CHECK(next->replies[0].text == "Работаем с 10 до 21.");
}
