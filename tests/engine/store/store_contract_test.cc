// The Store contract: one list of cases, run against the memory store (with a
// ManualClock) and against the Redis store (a real server from
// SWITCHBOARD_TEST_REDIS_URL, real short TTLs and polling). Both stores must pass
// every case; a Redis case fails with a clear message when the variable is unset.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "integration/redis/redis_test_env.h"
#include "switchboard/clock.h"
#include "switchboard/store.h"

namespace switchboard {
namespace {

using testing::PollUntil;

// Builds a store of one kind and makes time pass for it.
class Harness {
 public:
  virtual ~Harness() = default;
  Store& store() { return *store_; }
  // Holds when `done` becomes true after `ms` of time: the memory store's clock
  // jumps ahead; the Redis store waits for real (polling, at most 5 s).
  virtual bool AfterMs(int64_t ms, const std::function<bool()>& done) = 0;
  // Lets `ms` of time pass, for checking that something does NOT happen.
  virtual void Pass(int64_t ms) = 0;

 protected:
  std::unique_ptr<Store> store_;
};

class MemoryHarness final : public Harness {
 public:
  explicit MemoryHarness(const StoreTtlOptions& ttl) {
    MemoryStoreOptions options;
    options.ttl = ttl;
    options.clock = &clock_;
    store_ = NewMemoryStore(options);
  }
  bool AfterMs(int64_t ms, const std::function<bool()>& done) override {
    clock_.Advance(ms);
    return done();
  }
  void Pass(int64_t ms) override { clock_.Advance(ms); }

 private:
  ManualClock clock_{1'700'000'000'000};
};

class RedisHarness final : public Harness {
 public:
  explicit RedisHarness(const StoreTtlOptions& ttl)
      : url_(testing::TestRedisUrl()), prefix_(testing::UniquePrefix()) {
    RedisStoreOptions options;
    options.url = url_;
    options.ttl = ttl;
    options.key_prefix = prefix_;
    auto store = NewRedisStore(options);
    REQUIRE_MESSAGE(store.ok(), store.status().ToString());
    store_ = std::move(*store);
  }
  ~RedisHarness() override {
    store_.reset();
    testing::RawRedis(url_).DeleteKeys(prefix_);
  }
  bool AfterMs(int64_t ms, const std::function<bool()>& done) override {
    return PollUntil(done, static_cast<int>(ms) + 5000);
  }
  void Pass(int64_t ms) override { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

 private:
  std::string url_;
  std::string prefix_;
};

StoreTtlOptions DefaultTtl() { return StoreTtlOptions{}; }

Event Said(const std::string& text, int64_t at_ms = 1'700'000'000'123) {
  Event e;
  e.type = EventType::kUserSaid;
  e.at_ms = at_ms;
  e.text = text;
  e.attrs = {{"channel", "telegram"}, {"message_id", "m-" + text}};
  return e;
}

TurnCommit Turn(const std::string& sid, uint64_t expected, const std::string& snapshot,
                std::vector<Event> events = {}, const std::string& message_id = "") {
  TurnCommit c;
  c.session_id = sid;
  c.expected_version = expected;
  c.snapshot = snapshot;
  c.events = std::move(events);
  c.inbound_message_id = message_id;
  return c;
}

// Registers one contract case twice: once per store.
#define STORE_CONTRACT(fn, sentence)    \
  void fn(Harness& h);                  \
  TEST_CASE("Memory store " sentence) { \
    MemoryHarness h(DefaultTtl());      \
    fn(h);                              \
  }                                     \
  TEST_CASE("Redis store " sentence) {  \
    RedisHarness h(DefaultTtl());       \
    fn(h);                              \
  }                                     \
  void fn(Harness& h)

// Same, for cases that need their own TTLs.
#define STORE_CONTRACT_TTL(fn, ttl, sentence) \
  void fn(Harness& h);                        \
  TEST_CASE("Memory store " sentence) {       \
    MemoryHarness h(ttl);                     \
    fn(h);                                    \
  }                                           \
  TEST_CASE("Redis store " sentence) {        \
    RedisHarness h(ttl);                      \
    fn(h);                                    \
  }                                           \
  void fn(Harness& h)

STORE_CONTRACT(LoadUnknown, "loads an unknown conversation as version 0, empty, not a duplicate") {
  auto loaded = h.store().Load("s-unknown", "m1");
  REQUIRE(loaded.ok());
  CHECK(loaded->version == 0);
  CHECK(loaded->snapshot.empty());
  CHECK_FALSE(loaded->duplicate);
  auto events = h.store().ReadEvents("s-unknown", 0, 10);
  REQUIRE(events.ok());
  CHECK(events->empty());
}

STORE_CONTRACT(RoundTrip, "returns what a commit wrote: snapshot, next version, events") {
  Event bot;
  bot.type = EventType::kBotSaid;
  bot.at_ms = 1'700'000'000'500;
  bot.text = "Hello! Book a haircut?";
  bot.buttons = {{"Yes", "~1.0", ButtonAction::kGoto, "booking.start"},
                 {"Site", "", ButtonAction::kLink, "https://lumi.example"}};
  bot.quick_replies = {"Prices"};
  std::string snapshot = "{\"flow\":\"booking\",\"slots\":{\"name\":\"Анна\"}}\n\x01binary";
  auto v1 = h.store().Commit(Turn("s1", 0, snapshot, {Said("hi"), bot}, "m1"));
  REQUIRE(v1.ok());
  CHECK(*v1 == 1);
  auto loaded = h.store().Load("s1", "m2");
  REQUIRE(loaded.ok());
  CHECK(loaded->version == 1);
  CHECK(loaded->snapshot == snapshot);
  CHECK_FALSE(loaded->duplicate);
  auto v2 = h.store().Commit(Turn("s1", 1, "second", {Said("yes")}, "m2"));
  REQUIRE(v2.ok());
  CHECK(*v2 == 2);
  auto events = h.store().ReadEvents("s1", 0, 100);
  REQUIRE(events.ok());
  REQUIRE(events->size() == 3);
  CHECK((*events)[0] == Said("hi"));
  CHECK((*events)[1] == bot);
  CHECK((*events)[2] == Said("yes"));
}

STORE_CONTRACT(VersionConflict, "refuses a commit on a stale version and writes nothing") {
  REQUIRE(h.store().Commit(Turn("s1", 0, "a", {Said("one")}, "m1")).ok());
  TurnCommit stale = Turn("s1", 0, "b", {Said("two")}, "m2");
  stale.outbox.push_back({"s1", "telegram", "42", "{\"text\":\"lost\"}"});
  auto r = h.store().Commit(stale);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kConflict);
  auto loaded = h.store().Load("s1", "m2");
  REQUIRE(loaded.ok());
  CHECK(loaded->version == 1);
  CHECK(loaded->snapshot == "a");
  CHECK_FALSE(loaded->duplicate);
  CHECK(h.store().ReadEvents("s1", 0, 10)->size() == 1);
  CHECK(h.store().ReadOutbox("w", 10)->empty());
  // A commit from the future is refused too.
  CHECK(h.store().Commit(Turn("s1", 7, "c")).status().code() == StatusCode::kConflict);
}

STORE_CONTRACT(Duplicate, "reports a committed message id as a duplicate and refuses it again") {
  REQUIRE(h.store().Commit(Turn("s1", 0, "a", {Said("one")}, "tg-100")).ok());
  auto loaded = h.store().Load("s1", "tg-100");
  REQUIRE(loaded.ok());
  CHECK(loaded->duplicate);
  CHECK_FALSE(h.store().Load("s1", "tg-101")->duplicate);
  CHECK_FALSE(h.store().Load("s2", "tg-100")->duplicate);  // ids are per conversation
  auto again = h.store().Commit(Turn("s1", 1, "b", {Said("one")}, "tg-100"));
  CHECK(again.status().code() == StatusCode::kConflict);
  CHECK(h.store().ReadEvents("s1", 0, 10)->size() == 1);
  // A turn without an inbound id (a timer, an operator action) is never a duplicate.
  CHECK_FALSE(h.store().Load("s1", "")->duplicate);
  CHECK(h.store().Commit(Turn("s1", 1, "c")).ok());
}

STORE_CONTRACT(Paging, "pages through events in commit order") {
  uint64_t version = 0;
  for (int turn = 0; turn < 4; ++turn) {
    std::vector<Event> events;
    for (int i = 0; i < 3; ++i) events.push_back(Said(std::to_string(turn * 3 + i)));
    auto v = h.store().Commit(Turn("s1", version, "x", events, "m" + std::to_string(turn)));
    REQUIRE(v.ok());
    version = *v;
  }
  std::vector<std::string> seen;
  for (size_t from = 0;; from += 5) {
    auto page = h.store().ReadEvents("s1", from, 5);
    REQUIRE(page.ok());
    CHECK(page->size() <= 5);
    if (page->empty()) break;
    for (const Event& e : *page) seen.push_back(e.text);
  }
  CHECK(seen ==
        std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"});
  auto middle = h.store().ReadEvents("s1", 4, 3);
  REQUIRE(middle->size() == 3);
  CHECK((*middle)[0].text == "4");
  CHECK((*middle)[2].text == "6");
  CHECK(h.store().ReadEvents("s1", 12, 5)->empty());
  CHECK(h.store().ReadEvents("s1", 0, 0)->empty());
}

STORE_CONTRACT(DeleteForgets, "forgets a deleted conversation: snapshot, log and dedupe marks") {
  REQUIRE(h.store().Commit(Turn("s1", 0, "a", {Said("one")}, "m1")).ok());
  REQUIRE(h.store().Commit(Turn("s2", 0, "other", {Said("two")}, "m1")).ok());
  REQUIRE(h.store().Delete("s1").ok());
  auto loaded = h.store().Load("s1", "m1");
  REQUIRE(loaded.ok());
  CHECK(loaded->version == 0);
  CHECK_FALSE(loaded->duplicate);
  CHECK(h.store().ReadEvents("s1", 0, 10)->empty());
  CHECK(h.store().Load("s2", "m1")->version == 1);
  CHECK(h.store().Delete("never-was").ok());
  CHECK(h.store().Commit(Turn("s1", 0, "fresh", {}, "m1")).ok());
}

const StoreTtlOptions kShortSessionTtl{/*session_ttl_ms=*/200, /*transcript_ttl_ms=*/1500,
                                       /*dedupe_ttl_ms=*/1500, /*outbox_redeliver_ms=*/30000};

STORE_CONTRACT_TTL(Expiry, kShortSessionTtl, "expires idle session state before the transcript") {
  REQUIRE(h.store().Commit(Turn("s1", 0, "a", {Said("one")}, "m1")).ok());
  REQUIRE(h.store().Load("s1", "")->version == 1);
  CHECK(h.AfterMs(250, [&] { return h.store().Load("s1", "")->version == 0; }));
  auto loaded = h.store().Load("s1", "m1");
  CHECK(loaded->snapshot.empty());
  CHECK(loaded->duplicate);  // the dedupe mark outlives the state
  CHECK(h.store().ReadEvents("s1", 0, 10)->size() == 1);
  // A new conversation on the same id starts at version 1; its log continues.
  REQUIRE(h.store().Commit(Turn("s1", 0, "b", {Said("two")}, "m2")).ok());
  CHECK(h.store().ReadEvents("s1", 0, 10)->size() == 2);
  CHECK(h.AfterMs(1600, [&] { return h.store().ReadEvents("s1", 0, 10)->empty(); }));
  CHECK_FALSE(h.store().Load("s1", "m1")->duplicate);
}

const StoreTtlOptions kShortDedupeTtl{0, 0, /*dedupe_ttl_ms=*/200, 30000};

STORE_CONTRACT_TTL(DedupeExpiry, kShortDedupeTtl,
                   "forgets an inbound message id after the dedupe TTL") {
  REQUIRE(h.store().Commit(Turn("s1", 0, "a", {}, "m1")).ok());
  CHECK(h.store().Load("s1", "m1")->duplicate);
  CHECK(h.AfterMs(250, [&] { return !h.store().Load("s1", "m1")->duplicate; }));
  CHECK(h.store().Load("s1", "")->version == 1);  // state has no TTL here
  CHECK(h.store().Commit(Turn("s1", 1, "b", {}, "m1")).ok());
}

STORE_CONTRACT(Customers, "resolves one customer per identity and links a second messenger") {
  auto anna = h.store().ResolveCustomer("telegram", "1001");
  REQUIRE(anna.ok());
  CHECK(*h.store().ResolveCustomer("telegram", "1001") == *anna);
  auto web = h.store().ResolveCustomer("webchat", "cookie-77");
  REQUIRE(web.ok());
  CHECK(*web != *anna);
  REQUIRE(h.store().LinkIdentity(*anna, "vk", "id555").ok());
  CHECK(h.store().LinkIdentity(*anna, "vk", "id555").ok());  // idempotent
  CHECK(*h.store().ResolveCustomer("vk", "id555") == *anna);
  CHECK(h.store().LinkIdentity(*anna, "webchat", "cookie-77").code() == StatusCode::kConflict);
  CHECK(h.store().LinkIdentity("c-nobody", "viber", "1").code() == StatusCode::kNotFound);
  CHECK(h.store().ResolveCustomer("tele:gram", "1").status().code() ==
        StatusCode::kInvalidArgument);
  CHECK(h.store().ResolveCustomer("telegram", "").status().code() == StatusCode::kInvalidArgument);
  auto ids = h.store().ListIdentities(*anna);
  REQUIRE(ids.ok());
  CHECK(*ids == std::vector<std::string>{"telegram:1001", "vk:id555"});
  CHECK(h.store().ListIdentities("c-nobody").status().code() == StatusCode::kNotFound);
}

STORE_CONTRACT(CustomerRedirects, "resolves every identity of a redirected customer to where it leads") {
  auto earlier = h.store().ResolveCustomer("whatsapp", "79161234567");
  auto live = h.store().ResolveCustomer("telegram", "1001");
  auto third = h.store().ResolveCustomer("vk", "id555");
  REQUIRE((earlier.ok() && live.ok() && third.ok()));
  REQUIRE(h.store().LinkIdentity(*earlier, "phone", "+79161234567").ok());
  CHECK(*h.store().CurrentCustomer(*earlier) == *earlier);  // no redirect yet

  REQUIRE(h.store().RedirectCustomer(*earlier, *live).ok());
  CHECK(*h.store().ResolveCustomer("whatsapp", "79161234567") == *live);
  CHECK(*h.store().ResolveCustomer("phone", "+79161234567") == *live);
  CHECK(*h.store().ResolveCustomer("telegram", "1001") == *live);
  CHECK(*h.store().CurrentCustomer(*earlier) == *live);
  CHECK(h.store().RedirectCustomer(*earlier, *live).ok());  // already so

  // A chain: the live customer is redirected in turn; the earlier one follows.
  REQUIRE(h.store().RedirectCustomer(*live, *third).ok());
  CHECK(*h.store().ResolveCustomer("whatsapp", "79161234567") == *third);
  CHECK(*h.store().CurrentCustomer(*earlier) == *third);
  // Back the other way joins the same customer: no cycle, nothing changes.
  CHECK(h.store().RedirectCustomer(*third, *earlier).ok());
  CHECK(*h.store().ResolveCustomer("vk", "id555") == *third);
  CHECK(*h.store().ResolveCustomer("whatsapp", "79161234567") == *third);

  CHECK(h.store().RedirectCustomer("c-nobody", *live).code() == StatusCode::kNotFound);
  CHECK(h.store().RedirectCustomer(*live, "c-nobody").code() == StatusCode::kNotFound);
  auto ids = h.store().ListIdentities(*earlier);  // the record itself is kept
  REQUIRE(ids.ok());
  CHECK(*ids == std::vector<std::string>{"phone:+79161234567", "whatsapp:79161234567"});
}

STORE_CONTRACT(Profile, "merges, reads and clears customer profile fields") {
  auto c = h.store().ResolveCustomer("telegram", "1001");
  REQUIRE(c.ok());
  CHECK(h.store().GetProfile(*c)->empty());
  REQUIRE(h.store().SetProfile(*c, {{"name", "Анна"}, {"phone", "+7 900 000-00-00"}}).ok());
  REQUIRE(h.store().SetProfile(*c, {{"phone", ""}, {"favourite_master", "Olga"}}).ok());
  auto profile = h.store().GetProfile(*c);
  REQUIRE(profile.ok());
  CHECK(*profile ==
        std::map<std::string, std::string>{{"favourite_master", "Olga"}, {"name", "Анна"}});
  CHECK(h.store().SetProfile(*c, {}).ok());
}

PendingLink AnnaTypedPhone() {
  return PendingLink{.asking_customer = "c2", .owner_customer = "c1", .asked_from = "telegram",
                     .phone = "+79161234567"};
}

STORE_CONTRACT(PendingLinkOnce, "keeps a pending link under its token and gives it to one take only") {
  const std::string token = "3f1c9a0b7d2e4f6a8b1c2d3e4f5a6b7c";
  CHECK(h.store().GetPendingLink(token).status().code() == StatusCode::kNotFound);
  REQUIRE(h.store().PutPendingLink(token, AnnaTypedPhone(), 60'000).ok());
  auto peeked = h.store().GetPendingLink(token);
  REQUIRE(peeked.ok());
  CHECK(*peeked == AnnaTypedPhone());
  CHECK(h.store().GetPendingLink(token).ok());  // reading does not consume
  auto taken = h.store().TakePendingLink(token);
  REQUIRE(taken.ok());
  CHECK(*taken == AnnaTypedPhone());
  CHECK(h.store().TakePendingLink(token).status().code() == StatusCode::kNotFound);
  CHECK(h.store().GetPendingLink(token).status().code() == StatusCode::kNotFound);
  CHECK(h.store().TakePendingLink("other-token").status().code() == StatusCode::kNotFound);
}

STORE_CONTRACT(PendingLinkRules, "refuses malformed pending link tokens and ttls") {
  CHECK(h.store().PutPendingLink("", AnnaTypedPhone(), 1000).code() == StatusCode::kInvalidArgument);
  CHECK(h.store().PutPendingLink("a:b", AnnaTypedPhone(), 1000).code() == StatusCode::kInvalidArgument);
  CHECK(h.store().PutPendingLink(std::string(65, 'a'), AnnaTypedPhone(), 1000).code() ==
        StatusCode::kInvalidArgument);
  CHECK(h.store().PutPendingLink("ok_token-1", AnnaTypedPhone(), 0).code() == StatusCode::kInvalidArgument);
  CHECK(h.store().GetPendingLink("a b").status().code() == StatusCode::kInvalidArgument);
}

STORE_CONTRACT(PendingLinkExpiry, "forgets a pending link after its ttl") {
  REQUIRE(h.store().PutPendingLink("short-lived", AnnaTypedPhone(), 200).ok());
  REQUIRE(h.store().PutPendingLink("long-lived", AnnaTypedPhone(), 600'000).ok());
  CHECK(h.store().GetPendingLink("short-lived").ok());
  CHECK(h.AfterMs(250, [&] { return h.store().GetPendingLink("short-lived").status().code() == StatusCode::kNotFound; }));
  CHECK(h.store().TakePendingLink("short-lived").status().code() == StatusCode::kNotFound);
  CHECK(h.store().TakePendingLink("long-lived").ok());
}

QueueEntry Waiting(const std::string& sid, int priority, const std::string& department = "") {
  QueueEntry e;
  e.session_id = sid;
  e.priority = priority;
  e.department = department;
  return e;
}

STORE_CONTRACT(QueueOrder,
               "takes the highest priority first, and the oldest first within a priority") {
  REQUIRE(h.store().Enqueue(Waiting("a", 0)).ok());
  REQUIRE(h.store().Enqueue(Waiting("b", 5)).ok());
  REQUIRE(h.store().Enqueue(Waiting("c", 0)).ok());
  REQUIRE(h.store().Enqueue(Waiting("d", 5)).ok());
  REQUIRE(h.store().Enqueue(Waiting("e", -3)).ok());
  auto listed = h.store().ListWaiting("", 10);
  REQUIRE(listed.ok());
  std::vector<std::string> order;
  for (const QueueEntry& e : *listed) order.push_back(e.session_id);
  CHECK(order == std::vector<std::string>{"b", "d", "a", "c", "e"});
  std::vector<std::string> taken;
  for (int i = 0; i < 5; ++i) {
    auto t = h.store().Take("", "op1");
    REQUIRE(t.ok());
    CHECK(t->operator_id == "op1");
    CHECK(t->enqueued_ms > 0);
    taken.push_back(t->session_id);
  }
  CHECK(taken == order);
  CHECK(h.store().Take("", "op1").status().code() == StatusCode::kNotFound);
  CHECK(h.store().Enqueue(Waiting("f", 101)).code() == StatusCode::kInvalidArgument);
}

STORE_CONTRACT(QueueDepartments, "takes within a department and leaves the others waiting") {
  REQUIRE(h.store().Enqueue(Waiting("hair-1", 0, "hair")).ok());
  REQUIRE(h.store().Enqueue(Waiting("nails-1", 9, "nails")).ok());
  REQUIRE(h.store().Enqueue(Waiting("hair-2", 1, "hair")).ok());
  auto t = h.store().Take("hair", "olga");
  REQUIRE(t.ok());
  CHECK(t->session_id == "hair-2");
  CHECK(t->department == "hair");
  CHECK(h.store().ListWaiting("hair", 10)->size() == 1);
  CHECK(h.store().ListWaiting("nails", 10)->size() == 1);
  CHECK(h.store().ListWaiting("", 1)->size() == 1);
  CHECK(h.store().Take("brows", "olga").status().code() == StatusCode::kNotFound);
  CHECK(h.store().Take("", "ivan")->session_id == "nails-1");
}

STORE_CONTRACT(QueueLifecycle,
               "assigns, releases to the original place, and closes queue entries") {
  REQUIRE(h.store().Enqueue(Waiting("a", 0)).ok());
  REQUIRE(h.store().Enqueue(Waiting("b", 0)).ok());
  auto a = h.store().Assign("a", "op1");
  REQUIRE(a.ok());
  CHECK(a->operator_id == "op1");
  CHECK(h.store().Assign("a", "op2").status().code() == StatusCode::kConflict);
  CHECK(h.store().Assign("zzz", "op2").status().code() == StatusCode::kNotFound);
  CHECK(h.store().GetQueueEntry("a")->operator_id == "op1");
  // Enqueue again: fine while waiting, refused while with an operator.
  CHECK(h.store().Enqueue(Waiting("b", 7)).ok());
  CHECK(h.store().GetQueueEntry("b")->priority == 0);
  CHECK(h.store().Enqueue(Waiting("a", 0)).code() == StatusCode::kConflict);
  REQUIRE(h.store().Release("a").ok());
  CHECK(h.store().Release("a").code() == StatusCode::kNotFound);
  CHECK(h.store().GetQueueEntry("a")->operator_id.empty());
  CHECK(h.store().Take("", "op2")->session_id == "a");  // "a" kept its place before "b"
  REQUIRE(h.store().Close("a").ok());
  CHECK(h.store().Close("a").code() == StatusCode::kNotFound);
  CHECK(h.store().GetQueueEntry("a").status().code() == StatusCode::kNotFound);
  REQUIRE(h.store().Close("b").ok());
  CHECK(h.store().ListWaiting("", 10)->empty());
  CHECK(h.store().Take("", "op2").status().code() == StatusCode::kNotFound);
}

TurnCommit WithOutbox(const std::string& sid, uint64_t expected, int count) {
  TurnCommit c = Turn(sid, expected, "x");
  for (int i = 0; i < count; ++i) {
    c.outbox.push_back({sid, "telegram", "42", "{\"text\":\"reply " + std::to_string(i) + "\"}"});
  }
  return c;
}

STORE_CONTRACT(OutboxOnce, "hands out committed outbox messages once until they are acknowledged") {
  REQUIRE(h.store().Commit(WithOutbox("s1", 0, 2)).ok());
  REQUIRE(h.store().Commit(WithOutbox("s2", 0, 1)).ok());
  auto first = h.store().ReadOutbox("worker-a", 2);
  REQUIRE(first.ok());
  REQUIRE(first->size() == 2);
  CHECK((*first)[0].message == OutboxMessage{"s1", "telegram", "42", "{\"text\":\"reply 0\"}"});
  CHECK((*first)[1].message.payload == "{\"text\":\"reply 1\"}");
  CHECK((*first)[0].deliveries == 1);
  auto second = h.store().ReadOutbox("worker-b", 10);
  REQUIRE(second->size() == 1);
  CHECK((*second)[0].message.session_id == "s2");
  CHECK(h.store().ReadOutbox("worker-b", 10)->empty());
  REQUIRE(h.store().AckOutbox({(*first)[0].id, (*first)[1].id, (*second)[0].id, "bogus"}).ok());
  CHECK(h.store().ReadOutbox("worker-a", 10)->empty());
}

STORE_CONTRACT(OutboxDepth, "counts the outbox messages not yet acknowledged, handed out or not") {
  CHECK(*h.store().OutboxDepth() == 0);
  REQUIRE(h.store().Commit(WithOutbox("s1", 0, 2)).ok());
  REQUIRE(h.store().Commit(WithOutbox("s2", 0, 1)).ok());
  CHECK(*h.store().OutboxDepth() == 3);
  auto handed = h.store().ReadOutbox("worker-a", 2);
  REQUIRE(handed->size() == 2);
  // Handed out but not delivered yet: still in the depth.
  CHECK(*h.store().OutboxDepth() == 3);
  REQUIRE(h.store().AckOutbox({(*handed)[0].id}).ok());
  CHECK(*h.store().OutboxDepth() == 2);
  REQUIRE(h.store().AckOutbox({(*handed)[1].id}).ok());
  CHECK(*h.store().OutboxDepth() == 1);
}

const StoreTtlOptions kShortRedelivery{0, 0, 60000, /*outbox_redeliver_ms=*/200};

STORE_CONTRACT_TTL(OutboxRedelivery, kShortRedelivery,
                   "hands an unacknowledged outbox message out again after the timeout") {
  REQUIRE(h.store().Commit(WithOutbox("s1", 0, 2)).ok());
  auto first = h.store().ReadOutbox("worker-a", 10);
  REQUIRE(first->size() == 2);
  REQUIRE(h.store().AckOutbox({(*first)[0].id}).ok());
  CHECK(h.store().ReadOutbox("worker-b", 10)->empty());
  std::vector<OutboxEntry> again;
  CHECK(h.AfterMs(250, [&] {
    again = *h.store().ReadOutbox("worker-b", 10);
    return !again.empty();
  }));
  REQUIRE(again.size() == 1);
  CHECK(again[0].id == (*first)[1].id);
  CHECK(again[0].message.payload == "{\"text\":\"reply 1\"}");
  CHECK(again[0].deliveries == 2);
  REQUIRE(h.store().AckOutbox({again[0].id}).ok());
  h.Pass(250);
  CHECK(h.store().ReadOutbox("worker-c", 10)->empty());
}

}  // namespace
}  // namespace switchboard

namespace switchboard {
namespace {

QueueChange Enqueue(int priority, const std::string& department) {
  QueueChange change;
  change.kind = QueueChange::Kind::kEnqueue;
  change.priority = priority;
  change.department = department;
  return change;
}

QueueChange Change(QueueChange::Kind kind, const std::string& operator_id = "",
                   const std::string& department = "") {
  QueueChange change;
  change.kind = kind;
  change.operator_id = operator_id;
  change.department = department;
  return change;
}

STORE_CONTRACT(CommitChangesQueue, "assigns, transfers and removes a conversation in its commits") {
  TurnCommit handoff = Turn("s-op", 0, "queued", {Said("оператор")}, "m1");
  handoff.queue = Enqueue(5, "");
  REQUIRE(h.store().Commit(handoff).ok());
  TurnCommit take = Turn("s-op", 1, "with olga", {}, "");
  take.queue = Change(QueueChange::Kind::kAssign, "olga");
  REQUIRE(h.store().Commit(take).ok());
  auto entry = h.store().GetQueueEntry("s-op");
  REQUIRE(entry.ok());
  CHECK(entry->operator_id == "olga");
  CHECK(entry->priority == 5);
  CHECK(h.store().ListWaiting("", 10)->empty());
  // A transfer to a department puts it back in that department's queue.
  TurnCommit transfer = Turn("s-op", 2, "queued again", {}, "");
  transfer.queue = Change(QueueChange::Kind::kRequeue, "", "nails");
  REQUIRE(h.store().Commit(transfer).ok());
  auto waiting = h.store().ListWaiting("nails", 10);
  REQUIRE(waiting.ok());
  REQUIRE(waiting->size() == 1);
  CHECK((*waiting)[0].session_id == "s-op");
  CHECK((*waiting)[0].operator_id.empty());
  // A transfer to a person assigns it directly.
  TurnCommit to_person = Turn("s-op", 3, "with ivan", {}, "");
  to_person.queue = Change(QueueChange::Kind::kRequeue, "ivan", "nails");
  REQUIRE(h.store().Commit(to_person).ok());
  CHECK(h.store().GetQueueEntry("s-op")->operator_id == "ivan");
  CHECK(h.store().ListWaiting("", 10)->empty());
  // Handing back to the bot leaves the queue.
  TurnCommit back = Turn("s-op", 4, "bot", {}, "");
  back.queue = Change(QueueChange::Kind::kRemove);
  REQUIRE(h.store().Commit(back).ok());
  CHECK(h.store().GetQueueEntry("s-op").status().code() == StatusCode::kNotFound);
  // An operator may take a chat that never queued.
  TurnCommit direct = Turn("s-direct", 0, "with olga", {Said("hi")}, "m1");
  direct.queue = Change(QueueChange::Kind::kAssign, "olga");
  REQUIRE(h.store().Commit(direct).ok());
  CHECK(h.store().GetQueueEntry("s-direct")->operator_id == "olga");
}

STORE_CONTRACT(ReadLastEvents, "reads the newest events of a log with the index of the first") {
  std::vector<Event> events;
  for (int i = 0; i < 12; ++i) events.push_back(Said("m" + std::to_string(i)));
  REQUIRE(h.store().Commit(Turn("s-tail", 0, "x", events, "")).ok());
  size_t first = 99;
  auto tail = h.store().ReadLastEvents("s-tail", 5, &first);
  REQUIRE(tail.ok());
  REQUIRE(tail->size() == 5);
  CHECK(first == 7);
  CHECK((*tail)[0] == Said("m7"));
  CHECK((*tail)[4] == Said("m11"));
  auto all = h.store().ReadLastEvents("s-tail", 100, &first);
  CHECK(all->size() == 12);
  CHECK(first == 0);
  CHECK(h.store().ReadLastEvents("s-none", 5, &first)->empty());
  CHECK(h.store().ReadEvents("s-tail", 0, SIZE_MAX)->size() == 12);
}

STORE_CONTRACT(CommitEnqueues, "queues a handed-off conversation in the same commit, once") {
  TurnCommit handoff = Turn("s-hand", 0, "with operator", {Said("оператор")}, "m1");
  handoff.queue = Enqueue(10, "support");
  REQUIRE(h.store().Commit(handoff).ok());
  auto entry = h.store().GetQueueEntry("s-hand");
  REQUIRE(entry.ok());
  CHECK(entry->priority == 10);
  CHECK(entry->department == "support");
  CHECK(entry->operator_id.empty());
  // A later turn that hands off again leaves the waiting entry as it was.
  TurnCommit again = Turn("s-hand", 1, "still", {Said("алло?")}, "m2");
  again.queue = Enqueue(0, "");
  REQUIRE(h.store().Commit(again).ok());
  auto waiting = h.store().ListWaiting("", 10);
  REQUIRE(waiting.ok());
  REQUIRE(waiting->size() == 1);
  CHECK((*waiting)[0].priority == 10);
}

STORE_CONTRACT(ConflictDoesNotEnqueue, "does not queue a conversation whose commit lost the race") {
  REQUIRE(h.store().Commit(Turn("s-race", 0, "a", {Said("one")}, "m1")).ok());
  TurnCommit stale = Turn("s-race", 0, "b", {Said("оператор")}, "m2");
  stale.queue = Enqueue(0, "");
  CHECK(h.store().Commit(stale).status().code() == StatusCode::kConflict);
  CHECK(h.store().GetQueueEntry("s-race").status().code() == StatusCode::kNotFound);
}

const StoreTtlOptions kSmallLogs{0, 0, 60000, 30000, /*max_events=*/10, /*max_dedupe_ids=*/5};

STORE_CONTRACT_TTL(LogsAreCapped, kSmallLogs,
                   "keeps a conversation's log and its dedupe marks within their caps") {
  uint64_t version = 0;
  for (int i = 0; i < 300; ++i) {
    auto v = h.store().Commit(Turn("s-long", version, "x", {Said("m" + std::to_string(i))},
                                   "id" + std::to_string(i)));
    REQUIRE(v.ok());
    version = *v;
  }
  size_t first = 0;
  auto kept = h.store().ReadLastEvents("s-long", 1000, &first);
  REQUIRE(kept.ok());
  // Redis trims whole stream nodes (100 entries by default), memory exactly.
  CHECK(kept->size() >= 10);
  CHECK(kept->size() <= 10 + 100);
  CHECK(first + kept->size() == 300);
  CHECK(kept->back() == Said("m299"));
  // Reading from a trimmed index starts at the oldest kept event.
  auto from_start = h.store().ReadEvents("s-long", 0, 1);
  REQUIRE(from_start.ok());
  REQUIRE(from_start->size() == 1);
  CHECK(from_start->front() == (*kept)[0]);
  CHECK(h.store().Load("s-long", "id299")->duplicate);
  CHECK(h.store().Load("s-long", "id295")->duplicate);
  CHECK_FALSE(h.store().Load("s-long", "id10")->duplicate);
}

}  // namespace
}  // namespace switchboard
