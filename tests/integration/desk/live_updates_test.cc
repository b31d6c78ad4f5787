// Live updates across processes: a page served by one process hears of a commit
// and a typing signal made through another process's store on the same Redis.
#include <doctest/doctest.h>

#include "integration/redis/redis_test_env.h"
#include "server/event_hub.h"

namespace switchboard::server {
namespace {

std::unique_ptr<Store> Open(const std::string& prefix) {
  RedisStoreOptions o;
  o.url = testing::TestRedisUrl();
  o.key_prefix = prefix;
  auto s = NewRedisStore(o);
  REQUIRE_MESSAGE(s.ok(), s.status().ToString());
  return std::move(*s);
}

// The next changes, waiting up to 10 s (never on success).
std::vector<ChatChange> Next(ChatSubscriber& s) {
  for (int i = 0; i < 100; ++i) {
    auto got = s.Wait(100);
    if (!got.empty()) return got;
  }
  return {};
}

TEST_CASE("EventHub over Redis: a page on one process hears of a commit and a signal made on another") {
  const std::string prefix = testing::UniquePrefix();
  auto here = Open(prefix);
  auto there = Open(prefix);
  EventHub hub(here.get(), here.get(), 20);
  hub.Start();
  auto page = hub.SubscribeChat("web:far");
  auto console = hub.SubscribeDesk();
  // The hub reads from the newest entry on: make sure it has read once.
  REQUIRE(there->Commit([] {
    TurnCommit c;
    c.session_id = "web:warmup";
    c.snapshot = "s";
    return c;
  }()).ok());
  console->Wait(300);
  TurnCommit c;
  c.session_id = "web:far";
  c.snapshot = "s";
  c.queue.kind = QueueChange::Kind::kEnqueue;
  c.queue.department = "support";
  REQUIRE(there->Commit(c).ok());
  auto got = Next(*page);
  REQUIRE(got.size() == 1);
  CHECK(got[0].session_id == "web:far");
  auto desk = Next(*console);
  REQUIRE(desk.size() == 1);
  CHECK(desk[0].queued);
  CHECK(desk[0].department == "support");
  REQUIRE(there->Signal("web:far", "typing").ok());
  got = Next(*page);
  REQUIRE(got.size() == 1);
  CHECK(got[0].signal == "typing");
  hub.Stop();
  testing::RawRedis(testing::TestRedisUrl()).DeleteKeys(prefix);
}

}  // namespace
}  // namespace switchboard::server
