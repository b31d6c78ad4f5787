// The live updates of one server process: a customer's page hears of its own
// conversation (commits and typing signals), a console of every chat with
// operators, once more when it leaves them.
#include <doctest/doctest.h>

#include "server/event_hub.h"

namespace switchboard::server {
namespace {

TurnCommit Commit(const std::string& sid, uint64_t version, QueueChange::Kind queue = QueueChange::Kind::kNone) {
  TurnCommit c;
  c.session_id = sid;
  c.expected_version = version;
  c.snapshot = "s";
  c.queue.kind = queue;
  c.queue.department = "support";
  return c;
}

// Waits (up to 10 s, never on success) for the next changes.
std::vector<ChatChange> Next(EventHub& hub, ChatSubscriber& s) {
  hub.Wake();
  for (int i = 0; i < 100; ++i) {
    auto got = s.Wait(100);
    if (!got.empty()) return got;
  }
  return {};
}

TEST_CASE("EventHub gives a chat's page its own commits and signals, and no one else's") {
  auto store = NewMemoryStore();
  EventHub hub(store.get(), store.get(), 1000);
  hub.Start();
  auto mine = hub.SubscribeChat("web:a");
  // The hub starts from the feed's newest entry once it has read it.
  REQUIRE(store->Commit(Commit("web:zero", 0)).ok());
  hub.Wake();
  mine->Wait(200);
  REQUIRE(store->Commit(Commit("web:b", 0)).ok());
  REQUIRE(store->Commit(Commit("web:a", 0)).ok());
  auto got = Next(hub, *mine);
  REQUIRE(got.size() == 1);
  CHECK(got[0].session_id == "web:a");
  CHECK(got[0].signal.empty());
  REQUIRE(store->Signal("web:a", "typing").ok());
  got = Next(hub, *mine);
  REQUIRE(got.size() == 1);
  CHECK(got[0].signal == "typing");
  CHECK(hub.subscribers() == 1);
  hub.Unsubscribe(mine);
  CHECK(hub.subscribers() == 0);
  hub.Stop();
}

TEST_CASE("EventHub tells consoles of chats with operators, and once when a chat leaves them") {
  auto store = NewMemoryStore();
  EventHub hub(store.get(), store.get(), 1000);
  hub.Start();
  auto console = hub.SubscribeDesk();
  REQUIRE(store->Commit(Commit("web:warmup", 0)).ok());
  hub.Wake();
  console->Wait(200);
  REQUIRE(store->Commit(Commit("web:bot-only", 0)).ok());
  REQUIRE(store->Commit(Commit("web:q", 0, QueueChange::Kind::kEnqueue)).ok());
  auto got = Next(hub, *console);
  REQUIRE(got.size() == 1);
  CHECK(got[0].session_id == "web:q");
  CHECK(got[0].queued);
  CHECK(got[0].department == "support");
  REQUIRE(store->Commit(Commit("web:q", 1, QueueChange::Kind::kRemove)).ok());
  got = Next(hub, *console);
  REQUIRE(got.size() == 1);
  CHECK_FALSE(got[0].queued);
  CHECK(got[0].department == "support");
  hub.Stop();
  CHECK(console->closed());
}

}  // namespace
}  // namespace switchboard::server
