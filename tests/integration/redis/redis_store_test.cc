// The Redis store against real servers: many threads and connections on one
// conversation, webhook redelivery, a server killed and restarted with appendonly
// on, a server that is down, and bad URLs and passwords. Needs
// SWITCHBOARD_TEST_REDIS_URL and SWITCHBOARD_REDIS_SERVER (tools/test sets both).
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "integration/redis/redis_test_env.h"
#include "switchboard/store.h"

namespace switchboard {
namespace {

using testing::PollUntil;
using testing::RawRedis;
using testing::RedisServerProcess;

// A store on the shared test server under a fresh prefix; removes its keys at the end.
class SharedServerStore {
 public:
  SharedServerStore() : url_(testing::TestRedisUrl()), prefix_(testing::UniquePrefix()) {}
  ~SharedServerStore() { RawRedis(url_).DeleteKeys(prefix_); }

  std::unique_ptr<Store> Open(int pool_size = 4) {
    RedisStoreOptions options;
    options.url = url_;
    options.key_prefix = prefix_;
    options.pool_size = pool_size;
    auto store = NewRedisStore(options);
    REQUIRE_MESSAGE(store.ok(), store.status().ToString());
    return std::move(*store);
  }
  const std::string& url() const { return url_; }
  const std::string& prefix() const { return prefix_; }

 private:
  std::string url_;
  std::string prefix_;
};

Event Said(const std::string& text) {
  Event e;
  e.type = EventType::kUserSaid;
  e.at_ms = 1'700'000'000'000;
  e.text = text;
  return e;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, ',');) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

// One turn as the dialog runtime runs it: Load, append the message id to the
// snapshot, Commit; on Conflict run the turn again on fresh state. Returns true
// when this call committed, false when the message was a duplicate (or on an
// error, which fails the test). Safe to call from several threads.
bool ProcessMessage(Store& store, const std::string& sid, const std::string& mid,
                    std::atomic<int>* conflicts = nullptr) {
  for (;;) {
    auto loaded = store.Load(sid, mid);
    CHECK_MESSAGE(loaded.ok(), loaded.status().ToString());
    if (!loaded.ok() || loaded->duplicate) return false;
    TurnCommit c;
    c.session_id = sid;
    c.expected_version = loaded->version;
    c.snapshot = loaded->snapshot + mid + ",";
    c.events = {Said(mid)};
    c.outbox = {{sid, "telegram", "42", "{\"echo\":\"" + mid + "\"}"}};
    c.inbound_message_id = mid;
    auto committed = store.Commit(c);
    if (committed.ok()) return true;
    CHECK_MESSAGE(committed.status().code() == StatusCode::kConflict,
                  committed.status().ToString());
    if (committed.status().code() != StatusCode::kConflict) return false;
    if (conflicts) ++*conflicts;
  }
}

std::vector<std::string> AllEventTexts(Store& store, const std::string& sid) {
  std::vector<std::string> texts;
  for (size_t from = 0;; from += 100) {
    auto page = store.ReadEvents(sid, from, 100);
    REQUIRE(page.ok());
    if (page->empty()) break;
    for (const Event& e : *page) texts.push_back(e.text);
  }
  return texts;
}

TEST_CASE("Redis store processes every message of one conversation exactly once under 8 threads") {
  SharedServerStore server;
  // Two stores stand for two engine processes, each with its own connection pool.
  std::unique_ptr<Store> stores[2] = {server.Open(3), server.Open(3)};
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  std::atomic<int> conflicts{0};
  std::atomic<int> committed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (ProcessMessage(*stores[t % 2], "conc",
                           "t" + std::to_string(t) + "m" + std::to_string(i), &conflicts)) {
          ++committed;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(committed == kThreads * kPerThread);
  auto loaded = stores[0]->Load("conc", "");
  REQUIRE(loaded.ok());
  CHECK(loaded->version == kThreads * kPerThread);
  std::vector<std::string> snapshot_order = Split(loaded->snapshot);
  CHECK(snapshot_order.size() == kThreads * kPerThread);
  CHECK(std::set<std::string>(snapshot_order.begin(), snapshot_order.end()).size() ==
        kThreads * kPerThread);
  // The log holds each message once, in the order the commits happened.
  CHECK(AllEventTexts(*stores[1], "conc") == snapshot_order);
  // Each thread's own messages appear in the order it sent them.
  for (int t = 0; t < kThreads; ++t) {
    int next = 0;
    for (const std::string& mid : snapshot_order) {
      if (mid.starts_with("t" + std::to_string(t) + "m"))
        CHECK(mid == "t" + std::to_string(t) + "m" + std::to_string(next++));
    }
  }
  // Every reply reached the outbox once.
  std::set<std::string> payloads;
  for (;;) {
    auto batch = stores[0]->ReadOutbox("w", 100);
    REQUIRE(batch.ok());
    if (batch->empty()) break;
    std::vector<std::string> ids;
    for (const OutboxEntry& e : *batch) {
      CHECK(payloads.insert(e.message.payload).second);
      ids.push_back(e.id);
    }
    REQUIRE(stores[0]->AckOutbox(ids).ok());
  }
  CHECK(payloads.size() == kThreads * kPerThread);
  MESSAGE("conflicts retried: " << conflicts.load());
}

TEST_CASE("Redis store commits a redelivered message id once when both copies race") {
  SharedServerStore server;
  std::unique_ptr<Store> a = server.Open(2), b = server.Open(2);
  int commits = 0;
  for (int i = 0; i < 60; ++i) {
    std::string mid = "tg-update-" + std::to_string(i);
    std::atomic<int> done{0};
    std::thread first([&] { done += ProcessMessage(*a, "retry", mid); });
    std::thread second([&] { done += ProcessMessage(*b, "retry", mid); });
    first.join();
    second.join();
    CHECK(done == 1);
    commits += done;
    // A third copy arriving later is recognised at Load.
    auto late = a->Load("retry", mid);
    REQUIRE(late.ok());
    CHECK(late->duplicate);
  }
  CHECK(commits == 60);
  CHECK(AllEventTexts(*a, "retry").size() == 60);
  CHECK(a->Load("retry", "")->version == 60);
}

TEST_CASE("Redis store spends two round trips on a turn") {
  SharedServerStore server;
  auto store = server.Open();
  REQUIRE(ProcessMessage(*store, "rt", "warm-up"));
  uint64_t before = store->Stats().round_trips;
  REQUIRE(ProcessMessage(*store, "rt", "m1"));
  CHECK(store->Stats().round_trips - before == 2);
}

TEST_CASE("Redis store reloads its scripts after the server forgot them") {
  SharedServerStore server;
  auto store = server.Open();
  REQUIRE(ProcessMessage(*store, "noscript", "m1"));
  RawRedis raw(server.url());
  REQUIRE(raw.Command({"SCRIPT", "FLUSH"}) == "OK");
  REQUIRE(ProcessMessage(*store, "noscript", "m2"));
  CHECK(store->Stats().script_reloads >= 1);
  CHECK(store->Load("noscript", "")->version == 2);
}

TEST_CASE("Redis store survives connections killed by the server") {
  SharedServerStore server;
  auto store = server.Open(2);
  REQUIRE(ProcessMessage(*store, "killed", "m1"));
  RawRedis raw(server.url());
  // Drops every client connection but this one, as a failover or restart would.
  raw.Command({"CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal"});
  auto loaded = store->Load("killed", "m1");  // a read is retried once on a fresh connection
  REQUIRE_MESSAGE(loaded.ok(), loaded.status().ToString());
  CHECK(loaded->duplicate);
  REQUIRE(ProcessMessage(*store, "killed", "m2"));
}

RedisStoreOptions OptionsFor(const RedisServerProcess& server) {
  RedisStoreOptions options;
  options.url = server.url();
  options.connect_timeout_ms = 300;
  options.command_timeout_ms = 1000;
  options.reconnect_backoff_ms = 10;
  options.reconnect_backoff_max_ms = 100;
  return options;
}

TEST_CASE(
    "Redis store loses no committed turn when Redis is killed and restarted with appendonly") {
  RedisServerProcess server(testing::TestRedisServerBinary());
  REQUIRE(server.Start());
  auto opened = NewRedisStore(OptionsFor(server));
  REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
  std::unique_ptr<Store> store = std::move(*opened);

  constexpr int kMessages = 200;
  std::atomic<int> acknowledged{0};
  std::atomic<int> unavailable{0};
  std::mutex mu;
  std::vector<std::string> committed_ids;  // GUARDED_BY(mu)
  std::thread writer([&] {
    for (int i = 0; i < kMessages; ++i) {
      std::string mid = "m" + std::to_string(i);
      for (;;) {  // the messenger retries the webhook until it gets a 200
        auto loaded = store->Load("durable", mid);
        if (!loaded.ok()) {
          ++unavailable;
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          continue;
        }
        if (loaded->duplicate) break;  // an earlier attempt did commit
        TurnCommit c;
        c.session_id = "durable";
        c.expected_version = loaded->version;
        c.snapshot = loaded->snapshot + mid + ",";
        c.events = {Said(mid)};
        c.inbound_message_id = mid;
        auto r = store->Commit(c);
        if (r.ok()) {
          std::lock_guard lock(mu);
          committed_ids.push_back(mid);
          ++acknowledged;
          break;
        }
        if (r.status().code() == StatusCode::kUnavailable) ++unavailable;
      }
    }
  });
  REQUIRE(PollUntil([&] { return acknowledged >= 60; }, 20000));
  server.Kill();
  CHECK(PollUntil([&] { return unavailable > 0; }, 20000));
  REQUIRE(server.Start());
  writer.join();

  auto loaded = store->Load("durable", "");
  REQUIRE(loaded.ok());
  std::vector<std::string> expected;
  for (int i = 0; i < kMessages; ++i) expected.push_back("m" + std::to_string(i));
  // Every message is in the state and the log once, whether its commit was
  // acknowledged before the kill or found committed on retry.
  CHECK(loaded->version == kMessages);
  CHECK(Split(loaded->snapshot) == expected);
  CHECK(AllEventTexts(*store, "durable") == expected);
  // Every acknowledged commit survived.
  std::lock_guard lock(mu);
  for (const std::string& mid : committed_ids) CHECK(store->Load("durable", mid)->duplicate);
  CHECK(store->Stats().reconnects >= 1);
  CHECK(store->Stats().script_reloads >= 1);
  MESSAGE("acknowledged " << acknowledged.load() << ", unavailable answers " << unavailable.load());
}

TEST_CASE("Redis store answers Unavailable while Redis is down and recovers when it is back") {
  RedisServerProcess server(testing::TestRedisServerBinary());
  REQUIRE(server.Start());
  auto opened = NewRedisStore(OptionsFor(server));
  REQUIRE(opened.ok());
  std::unique_ptr<Store> store = std::move(*opened);
  REQUIRE(ProcessMessage(*store, "down", "m1"));
  REQUIRE(store->Enqueue(QueueEntry{"down", 1, "hair", 0, ""}).ok());
  server.Kill();

  auto loaded = store->Load("down", "m2");
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == StatusCode::kUnavailable);
  CHECK(loaded.status().message().find("127.0.0.1:" + std::to_string(server.port())) !=
        std::string::npos);
  TurnCommit c;
  c.session_id = "down";
  c.expected_version = 1;
  c.snapshot = "x";
  CHECK(store->Commit(c).status().code() == StatusCode::kUnavailable);
  CHECK(store->Take("", "op").status().code() == StatusCode::kUnavailable);
  CHECK(store->ReadOutbox("w", 1).status().code() == StatusCode::kUnavailable);
  CHECK(store->ResolveCustomer("telegram", "1").status().code() == StatusCode::kUnavailable);

  REQUIRE(server.Start());
  CHECK(PollUntil([&] { return store->Load("down", "m1").ok(); }));
  CHECK(store->Load("down", "m1")->duplicate);
  CHECK(store->Take("", "op")->session_id == "down");
  REQUIRE(ProcessMessage(*store, "down", "m2"));
  CHECK(store->Load("down", "")->version == 2);
}

TEST_CASE("NewRedisStore refuses bad URLs and reports an unreachable server") {
  for (const char* url : {"http://127.0.0.1:6379", "redis://", "redis://host:99999",
                          "redis://host:port", "redis://127.0.0.1:6379/zero", "127.0.0.1:6379"}) {
    RedisStoreOptions options;
    options.url = url;
    auto store = NewRedisStore(options);
    CHECK_MESSAGE(store.status().code() == StatusCode::kInvalidArgument, url);
    CHECK(store.status().message().find("bad Redis URL") != std::string::npos);
  }
  RedisStoreOptions tls;
  tls.url = "rediss://127.0.0.1:6380";
  auto store = NewRedisStore(tls);
  CHECK(store.status().code() == StatusCode::kInvalidArgument);
  CHECK(store.status().message().find("TLS") != std::string::npos);

  RedisStoreOptions closed;
  closed.url = "redis://127.0.0.1:" + std::to_string(testing::FreePort());
  closed.connect_timeout_ms = 300;
  store = NewRedisStore(closed);
  CHECK(store.status().code() == StatusCode::kUnavailable);
}

TEST_CASE("NewRedisStore authenticates with a password and a user, and refuses a wrong password") {
  RedisServerProcess server(testing::TestRedisServerBinary(), {"--requirepass", "s3cret"});
  REQUIRE(server.Start());
  std::string hostport = "127.0.0.1:" + std::to_string(server.port());
  RedisStoreOptions options;
  options.url = "redis://:wrong@" + hostport;
  auto store = NewRedisStore(options);
  CHECK(store.status().code() == StatusCode::kInvalidArgument);
  CHECK(store.status().message().find("authentication failed") != std::string::npos);
  options.url = "redis://" + hostport;  // no password at all
  CHECK_FALSE(NewRedisStore(options).ok());

  options.url = "redis://:s3cret@" + hostport + "/3";
  store = NewRedisStore(options);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  REQUIRE(ProcessMessage(**store, "authed", "m1"));
  options.url = "redis://default:s3cret@" + hostport + "/3";
  auto as_user = NewRedisStore(options);
  REQUIRE_MESSAGE(as_user.ok(), as_user.status().ToString());
  CHECK((*as_user)->Load("authed", "m1")->duplicate);  // same database 3
  options.url = "redis://default:s3cret@" + hostport + "/0";
  CHECK(NewRedisStore(options).value()->Load("authed", "")->version == 0);
}

}  // namespace
TEST_CASE("Redis store reads past an event that does not decode, leaving a placeholder in its place") {
  const std::string url = testing::TestRedisUrl();
  RedisStoreOptions options;
  options.url = url;
  options.key_prefix = testing::UniquePrefix();
  auto store = NewRedisStore(options);
  REQUIRE(store.ok());
  TurnCommit c;
  c.session_id = "s-bad";
  c.snapshot = "x";
  c.events = {Said("before")};
  REQUIRE((*store)->Commit(c).ok());
  testing::RawRedis raw(url);
  raw.Command({"RPUSH", options.key_prefix + ":{s-bad}:log", "{not json"});
  c.expected_version = 1;
  c.events = {Said("after")};
  REQUIRE((*store)->Commit(c).ok());
  auto events = (*store)->ReadEvents("s-bad", 0, 10);
  REQUIRE_MESSAGE(events.ok(), events.status().ToString());
  REQUIRE(events->size() == 3);
  CHECK((*events)[0].text == "before");
  CHECK((*events)[1].type == EventType::kUnreadable);
  CHECK((*events)[2].text == "after");
  store->reset();
  raw.DeleteKeys(options.key_prefix);
}

// A conversation stored before the log became a list has its events in a stream
// (ids 0-<index + 1>): it is read as it was and keeps growing there.
TEST_CASE("Redis store reads and extends the event stream of a conversation stored before the log was a list") {
  const std::string url = testing::TestRedisUrl();
  RedisStoreOptions options;
  options.url = url;
  options.key_prefix = testing::UniquePrefix();
  auto store = NewRedisStore(options);
  REQUIRE(store.ok());
  testing::RawRedis raw(url);
  const std::string stream = options.key_prefix + ":{s-old}:events";
  raw.Command({"XADD", stream, "0-*", "e", EventToJson(Said("first"))});
  raw.Command({"XADD", stream, "0-*", "e", EventToJson(Said("second"))});
  TurnCommit c;
  c.session_id = "s-old";
  c.snapshot = "x";
  c.events = {Said("third")};
  REQUIRE((*store)->Commit(c).ok());
  auto events = (*store)->ReadEvents("s-old", 1, 10);
  REQUIRE_MESSAGE(events.ok(), events.status().ToString());
  REQUIRE(events->size() == 2);
  CHECK((*events)[0].text == "second");
  CHECK((*events)[1].text == "third");
  size_t first = 99;
  auto last = (*store)->ReadLastEvents("s-old", 2, &first);
  REQUIRE(last.ok());
  REQUIRE(last->size() == 2);
  CHECK(first == 1);
  CHECK(last->back().text == "third");
  CHECK(raw.Command({"EXISTS", options.key_prefix + ":{s-old}:log"}) == "0");
  store->reset();
  raw.DeleteKeys(options.key_prefix);
}

}  // namespace switchboard
