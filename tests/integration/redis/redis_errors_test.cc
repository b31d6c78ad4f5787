// Redis refusing to serve for a while (out of memory, busy with a long script) is
// Unavailable, like Redis being down, not Internal: a private redis-server child
// that the tests squeeze on purpose.
#include <atomic>
#include <thread>

#include "integration/redis/redis_test_env.h"
#include "switchboard/store.h"

using namespace switchboard;
using namespace switchboard::testing;

namespace {

TurnCommit FirstTurn(const std::string& session_id) {
  TurnCommit commit;
  commit.session_id = session_id;
  commit.expected_version = 0;
  commit.snapshot = "{}";
  commit.inbound_message_id = session_id + ":1";
  return commit;
}

std::unique_ptr<Store> OpenStore(const RedisServerProcess& server) {
  RedisStoreOptions options;
  options.url = server.url();
  options.key_prefix = UniquePrefix();
  auto store = NewRedisStore(options);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

}  // namespace

TEST_CASE("Redis store answers Unavailable, not Internal, when Redis is out of memory") {
  RedisServerProcess server(TestRedisServerBinary(), {"--maxmemory-policy", "noeviction"});
  REQUIRE(server.Start());
  auto store = OpenStore(server);
  REQUIRE(store->Commit(FirstTurn("before")).ok());

  RawRedis raw(server.url());
  REQUIRE(raw.Command({"CONFIG", "SET", "maxmemory", "1"}) == "OK");
  auto full = store->Commit(FirstTurn("full"));
  REQUIRE_FALSE(full.ok());
  CHECK(full.status().code() == StatusCode::kUnavailable);
  CHECK(full.status().message().find("OOM") != std::string::npos);
  // Reading still works, and writing again once memory is freed.
  CHECK(store->Load("before", "").ok());
  REQUIRE(raw.Command({"CONFIG", "SET", "maxmemory", "0"}) == "OK");
  CHECK(store->Commit(FirstTurn("full")).ok());
}

TEST_CASE("Redis store answers Unavailable, not Internal, while Redis is busy with a script") {
  RedisServerProcess server(TestRedisServerBinary(), {"--busy-reply-threshold", "50"});
  REQUIRE(server.Start());
  auto store = OpenStore(server);

  std::atomic<bool> started{false};
  std::thread busy([&] {
    RawRedis raw(server.url());
    started = true;
    raw.Command({"EVAL", "while true do end", "0"});  // ends with SCRIPT KILL below
  });
  while (!started) std::this_thread::yield();
  RawRedis killer(server.url());
  // The server says BUSY once the script has run past the threshold.
  REQUIRE(PollUntil([&] { return killer.Command({"PING"}).starts_with("ERR: BUSY"); }));
  auto loaded = store->Load("any", "");
  auto committed = store->Commit(FirstTurn("busy"));
  killer.Command({"SCRIPT", "KILL"});
  busy.join();

  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == StatusCode::kUnavailable);
  REQUIRE_FALSE(committed.ok());
  CHECK(committed.status().code() == StatusCode::kUnavailable);
  CHECK(store->Commit(FirstTurn("busy")).ok());  // the script is gone: Redis serves again
}
