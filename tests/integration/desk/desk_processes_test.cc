// The operators' queue over a real Redis with several engine processes: three
// forked processes route the same waiting chats at once; one is killed with
// SIGKILL mid-run, then an operator disconnects. Afterwards every chat is with
// exactly one operator who is still there, none waits or is lost, and no chat's
// log shows it taken while another operator had it.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "integration/redis/redis_test_env.h"
#include "server/console/desk.h"
#include "switchboard/clock.h"

namespace switchboard::server {
namespace {

constexpr int kChats = 120;
constexpr int kOperators = 6;
constexpr int kCapacity = 25;  // 150 places for 120 chats; 125 once op0 is gone
constexpr int kProcesses = 3;

ConsoleConfig Config() {
  ConsoleConfig c;
  c.enabled = true;
  c.auto_routing = true;
  c.max_chats = kCapacity;
  c.departments = {"", "support"};
  for (int i = 0; i < kOperators; ++i) {
    OperatorAccount a;
    a.id = "op" + std::to_string(i);
    a.name = a.id;
    a.departments = {"support"};
    c.operators.push_back(a);
  }
  return c;
}

struct Node {
  explicit Node(const std::string& prefix) {
    RedisStoreOptions o;
    o.url = testing::TestRedisUrl();
    o.key_prefix = prefix;
    auto s = NewRedisStore(o);
    if (!s.ok()) return;
    store = std::move(*s);
    EngineOptions eo;
    eo.flows_dir = SB_SOURCE_DIR "/flows";
    eo.store = store.get();
    auto e = Engine::Open(eo);
    if (!e.ok()) return;
    engine = std::move(*e);
    desk = std::make_unique<Desk>(engine.get(), store.get(), &config, nullptr);
  }
  ConsoleConfig config = Config();
  std::unique_ptr<Store> store;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Desk> desk;
};

// A server process's desk: ticks until it is killed.
[[noreturn]] void RunRouter(const std::string& prefix) {
  Node node(prefix);
  if (!node.desk) _exit(3);
  for (;;) {
    (void)node.desk->Tick();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Polls `done` every 20 ms for up to 60 s.
template <typename F>
bool Eventually(F done) {
  for (int i = 0; i < 3000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST_CASE("Desk over Redis: three processes, one killed, one operator gone: no chat given twice, none lost") {
  const std::string prefix = testing::UniquePrefix();
  Node parent(prefix);
  REQUIRE(parent.desk);
  std::vector<std::string> chats;
  for (int i = 0; i < kChats; ++i) {
    InboundMessage m;
    m.session_id = "web:p" + std::to_string(i);
    m.channel = "webchat";
    m.user_id = "p" + std::to_string(i);
    m.message_id = m.user_id + "-1";
    m.text = "позовите оператора";
    auto r = parent.engine->Handle(m);
    REQUIRE(r.ok());
    REQUIRE(r->handed_off);
    chats.push_back(m.session_id);
  }
  const int64_t hour_later = SystemClock()->NowMs() + 3600 * 1000;
  for (int i = 0; i < kOperators; ++i) {
    REQUIRE(parent.store->SetPresence("op" + std::to_string(i), {"online", hour_later}).ok());
  }

  std::vector<pid_t> routers;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) RunRouter(prefix);
    routers.push_back(pid);
  }
  auto assigned = [&](std::string_view op) {
    auto list = parent.store->ListAssigned(op, 100000);
    return list.ok() ? static_cast<int>(list->size()) : -1;
  };
  // One process dies mid-run, its work half done.
  CHECK(Eventually([&] { return assigned("") >= kChats / 4; }));
  kill(routers[0], SIGKILL);
  CHECK(Eventually([&] { return assigned("") == kChats; }));
  // An operator's console goes quiet: their chats go to the others.
  REQUIRE(assigned("op0") > 0);
  REQUIRE(parent.store->SetPresence("op0", {"offline", 0}).ok());
  CHECK(Eventually([&] { return assigned("op0") == 0 && assigned("") == kChats; }));
  for (pid_t pid : routers) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }

  CHECK(parent.store->ListWaiting("", 1000)->empty());
  std::map<std::string, int> loads;
  int double_takes = 0;
  for (const std::string& sid : chats) {
    auto entry = parent.store->GetQueueEntry(sid);
    REQUIRE(entry.ok());
    CHECK(!entry->operator_id.empty());
    CHECK(entry->operator_id != "op0");
    ++loads[entry->operator_id];
    // The log, folded: who has the chat after each event.
    std::string owner;
    auto log = parent.engine->Transcript(sid, 0, 1000);
    REQUIRE(log.ok());
    for (const Event& e : log->events) {
      if (e.type == EventType::kOperatorTook) {
        if (!owner.empty() && owner != e.name) ++double_takes;
        owner = e.name;
      } else if (e.type == EventType::kTransferred) {
        auto to = e.attrs.find("to_operator");
        owner = to == e.attrs.end() ? "" : to->second;
      }
    }
    CHECK(owner == entry->operator_id);  // the conversation and the queue agree
  }
  CHECK(double_takes == 0);
  // The maximum is checked in the commit: processes routing at once never exceed it.
  for (const auto& [op, n] : loads) CHECK(n <= kCapacity);
  testing::RawRedis(testing::TestRedisUrl()).DeleteKeys(prefix);
}

}  // namespace
}  // namespace switchboard::server
