// The engine's contract under failures, on the memory store and on Redis: a commit
// that fails before it is applied, one applied whose answer is lost, a lost race,
// a process that dies between committing a business call and making it, and a
// flaky business service. For each, after the messenger's retries the customer
// gets every reply exactly once (in the outbox, by delivery id) and no business
// call is made twice.
#include <doctest/doctest.h>

#include <map>
#include <mutex>

#include "actions/http_client.h"
#include "integration/redis/redis_test_env.h"
#include "support/faulty_store.h"
#include "support/temp_flows.h"
#include "switchboard/clock.h"
#include "switchboard/engine.h"

using namespace switchboard;
using namespace switchboard::testing;

namespace {

const char* kBot = R"(
bot: {start: greet, default_language: ru}
services:
  bookings: {base_url: "http://127.0.0.1:9", timeout_ms: 1000}
flows:
  - id: greet
    steps:
      - say: "Здравствуйте!"
  - id: booking
    triggers: {keywords: [записаться]}
    steps:
      - id: start
        say: "Записываю вас."
      - http:
          service: bookings
          method: POST
          path: /bookings
          body: {name: "Анна"}
          save: {booking_id: /id}
        on_error: down
      - say: "Готово, номер записи {{booking_id}}."
      - end:
      - id: down
        say: "Система записи не отвечает."
  - id: menu
    triggers: {keywords: [меню]}
    steps:
      - say: "Что вас интересует?"
        buttons:
          - {label: "Цены", goto: prices.show}
          - {label: "Записаться", goto: booking.start}
  - id: prices
    triggers: {keywords: [цены]}
    steps:
      - id: show
        say: "Стрижка от 1500 ₽."
)";

// A booking system: each idempotency key books once; answers as told.
class FakeBookings final : public HttpClient {
 public:
  HttpOutcome Send(const HttpCall& call) override {
    std::lock_guard lock(mu_);
    ++calls_[call.idempotency_key];
    HttpOutcome o;
    if (failures_left_ > 0) {
      --failures_left_;
      o.kind = HttpOutcome::Kind::kTimeout;
      o.attempts = 1;
      o.error = "simulated timeout";
      return o;
    }
    o.kind = HttpOutcome::Kind::kResponse;
    o.status = 201;
    o.body = R"({"id": "B-1001"})";
    o.attempts = 1;
    return o;
  }
  void TimeOutNext(int n) {
    std::lock_guard lock(mu_);
    failures_left_ = n;
  }
  // Calls per idempotency key.
  std::map<std::string, int> calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, int> calls_;
  int failures_left_ = 0;
};

// An engine on a FaultyStore over a real store, with the fake booking system.
class Rig {
 public:
  explicit Rig(std::unique_ptr<Store> base, std::string prefix = "")
      : base_(std::move(base)), faulty_(base_.get()), redis_prefix_(std::move(prefix)) {
    flows_.Write("bot.yaml", kBot);
    EngineOptions options;
    options.flows_dir = flows_.path();
    options.store = &faulty_;
    options.clock = &clock_;
    options.http = &bookings_;
    auto engine = Engine::Open(options);
    REQUIRE_MESSAGE(engine.ok(), engine.status().ToString());
    engine_ = std::move(*engine);
  }
  ~Rig() {
    engine_.reset();
    base_.reset();
    if (!redis_prefix_.empty()) RawRedis(TestRedisUrl()).DeleteKeys(redis_prefix_);
  }

  Result<TurnReport> Send(const std::string& id, const std::string& text, const std::string& payload = "") {
    InboundMessage m;
    m.session_id = "tg:1001";
    m.channel = "telegram";
    m.user_id = "1001";
    m.message_id = id;
    m.text = text;
    m.button_payload = payload;
    return engine_->Handle(m);
  }

  // Retries like a messenger until the engine acknowledges the message.
  TurnReport SendUntilAcknowledged(const std::string& id, const std::string& text,
                                   const std::string& payload = "") {
    for (int attempt = 0; attempt < 5; ++attempt) {
      Result<TurnReport> r = Send(id, text, payload);
      if (r.ok()) return std::move(*r);
      CHECK(r.status().code() == StatusCode::kUnavailable);
    }
    FAIL("the message was never acknowledged");
    return {};
  }

  // Every reply in the outbox, by delivery id, acknowledged; the count per id.
  std::map<std::string, std::pair<std::string, int>> DrainOutbox() {
    std::map<std::string, std::pair<std::string, int>> delivered;
    for (;;) {
      auto batch = base_->ReadOutbox("worker", 100);
      REQUIRE(batch.ok());
      if (batch->empty()) break;
      std::vector<std::string> ids;
      for (const OutboxEntry& e : *batch) {
        CHECK(e.message.channel == "telegram");
        CHECK(e.message.recipient == "1001");
        auto reply = OutboundReplyFromJson(e.message.payload);
        REQUIRE(reply.ok());
        auto& [text, count] = delivered[reply->delivery_id];
        text = reply->reply.text;
        ++count;
        ids.push_back(e.id);
      }
      REQUIRE(base_->AckOutbox(ids).ok());
    }
    return delivered;
  }

  static std::vector<std::string> Texts(const std::map<std::string, std::pair<std::string, int>>& delivered) {
    std::vector<std::string> texts;
    for (const auto& [id, reply] : delivered) {
      CHECK_MESSAGE(reply.second == 1, "delivery " << id << " queued " << reply.second << " times");
      texts.push_back(reply.first);
    }
    return texts;
  }

  int BookingCalls() {
    int total = 0;
    for (const auto& [key, n] : bookings_.calls()) {
      CHECK_MESSAGE(n == 1, "key " << key << " called " << n << " times");
      total += n;
    }
    return total;
  }

  FaultyStore& store() { return faulty_; }
  FakeBookings& bookings() { return bookings_; }
  ManualClock& clock() { return clock_; }
  Engine& engine() { return *engine_; }

 private:
  std::unique_ptr<Store> base_;
  FaultyStore faulty_;
  std::string redis_prefix_;
  TempFlows flows_;
  ManualClock clock_{1'795'424'400'000};
  FakeBookings bookings_;
  std::unique_ptr<Engine> engine_;
};

std::unique_ptr<Rig> MemoryRig() {
  MemoryStoreOptions options;
  return std::make_unique<Rig>(NewMemoryStore(options));
}

std::unique_ptr<Rig> RedisRig() {
  RedisStoreOptions options;
  options.url = TestRedisUrl();
  options.key_prefix = UniquePrefix();
  auto store = NewRedisStore(options);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::make_unique<Rig>(std::move(*store), options.key_prefix);
}

bool Contains(const std::vector<std::string>& texts, std::string_view piece) {
  for (const std::string& t : texts) {
    if (t.find(piece) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

#define ON_BOTH_RIGS(fn, sentence)            \
  void fn(Rig& rig);                            \
  TEST_CASE("Memory store: " sentence) {        \
    auto rig = MemoryRig();                     \
    fn(*rig);                                   \
  }                                             \
  TEST_CASE("Redis store: " sentence) {         \
    auto rig = RedisRig();                      \
    fn(*rig);                                   \
  }                                             \
  void fn(Rig& rig)

ON_BOTH_RIGS(LostAnswer, "a commit whose answer is lost delivers its replies once after the retry") {
  rig.store().FailCommit(FaultyStore::Fault::kLoseAnswer);
  CHECK(rig.Send("m1", "цены").status().code() == StatusCode::kUnavailable);
  TurnReport retried = rig.SendUntilAcknowledged("m1", "цены");
  CHECK(retried.duplicate);
  REQUIRE(retried.replies.size() == 1);
  CHECK(retried.replies[0].text == "Стрижка от 1500 ₽.");
  std::vector<std::string> texts = Rig::Texts(rig.DrainOutbox());
  CHECK(texts == std::vector<std::string>{"Стрижка от 1500 ₽."});
}

ON_BOTH_RIGS(FailBefore, "a commit that fails before it is applied is processed once on the retry") {
  rig.store().FailCommit(FaultyStore::Fault::kFailBefore);
  CHECK(rig.Send("m1", "цены").status().code() == StatusCode::kUnavailable);
  TurnReport retried = rig.SendUntilAcknowledged("m1", "цены");
  CHECK_FALSE(retried.duplicate);
  CHECK(Rig::Texts(rig.DrainOutbox()) == std::vector<std::string>{"Стрижка от 1500 ₽."});
  CHECK(rig.store().commits() == 1);
}

ON_BOTH_RIGS(RaceBeforeCall, "a lost race re-runs the turn but makes the business call once") {
  rig.store().FailCommit(FaultyStore::Fault::kConflict);
  TurnReport r = rig.SendUntilAcknowledged("m1", "записаться");
  CHECK(r.slots["booking_id"] == "B-1001");
  CHECK(rig.BookingCalls() == 1);
  std::vector<std::string> texts = Rig::Texts(rig.DrainOutbox());
  CHECK(texts.size() == 2);
  CHECK(Contains(texts, "Записываю вас."));
  CHECK(Contains(texts, "номер записи B-1001"));
}

ON_BOTH_RIGS(LostAnswerBeforeCall,
               "a lost answer to the commit of a pending call: the retry makes the call, once") {
  rig.store().FailCommit(FaultyStore::Fault::kLoseAnswer);
  CHECK(rig.Send("m1", "записаться").status().code() == StatusCode::kUnavailable);
  CHECK(rig.BookingCalls() == 0);  // the first processing gave up before calling
  TurnReport retried = rig.SendUntilAcknowledged("m1", "записаться");
  CHECK(retried.duplicate);
  CHECK(rig.BookingCalls() == 1);
  std::vector<std::string> replied;
  for (const Reply& reply : retried.replies) replied.push_back(reply.text);
  CHECK(Contains(replied, "номер записи B-1001"));
  std::vector<std::string> texts = Rig::Texts(rig.DrainOutbox());
  CHECK(texts.size() == 2);
  CHECK(Contains(texts, "номер записи B-1001"));
  // A third delivery of the same webhook changes nothing.
  TurnReport again = rig.SendUntilAcknowledged("m1", "записаться");
  CHECK(again.duplicate);
  CHECK(rig.BookingCalls() == 1);
  CHECK(rig.DrainOutbox().empty());
}

ON_BOTH_RIGS(LostAnswerAfterCall,
               "a lost answer to the call's continuation: the retry answers from the log, no second call") {
  rig.store().FailCommit(FaultyStore::Fault::kLoseAnswer, /*skip=*/1);
  CHECK(rig.Send("m1", "записаться").status().code() == StatusCode::kUnavailable);
  CHECK(rig.BookingCalls() == 1);
  TurnReport retried = rig.SendUntilAcknowledged("m1", "записаться");
  CHECK(retried.duplicate);
  CHECK(rig.BookingCalls() == 1);
  REQUIRE(retried.replies.size() == 2);
  CHECK(retried.replies[1].text == "Готово, номер записи B-1001.");
  std::vector<std::string> texts = Rig::Texts(rig.DrainOutbox());
  CHECK(texts.size() == 2);
}

ON_BOTH_RIGS(DiedBeforeCall,
               "a call left pending by a process that died is made once, on the customer's next message") {
  rig.store().FailCommit(FaultyStore::Fault::kLoseAnswer);
  CHECK(rig.Send("m1", "записаться").status().code() == StatusCode::kUnavailable);
  // The messenger gave up on m1. Later the customer writes again; the lease of the
  // dead process's call has run out.
  rig.clock().Advance(60'000);
  TurnReport next = rig.SendUntilAcknowledged("m2", "цены");
  CHECK(rig.BookingCalls() == 1);
  std::vector<std::string> replied;
  for (const Reply& reply : next.replies) replied.push_back(reply.text);
  CHECK(Contains(replied, "номер записи B-1001"));
  CHECK(Contains(replied, "Стрижка от 1500 ₽."));
  std::vector<std::string> texts = Rig::Texts(rig.DrainOutbox());
  CHECK(texts.size() == 3);
}

ON_BOTH_RIGS(FlakyService, "a service that times out leads to the flow's error branch, called once") {
  rig.bookings().TimeOutNext(1);
  TurnReport r = rig.SendUntilAcknowledged("m1", "записаться");
  CHECK(rig.BookingCalls() == 1);
  REQUIRE(r.replies.size() == 2);
  CHECK(r.replies[1].text == "Система записи не отвечает.");
  CHECK(r.slots["http_status"] == "timeout");
}

ON_BOTH_RIGS(ForgedPayload, "a button payload not shown to this conversation is read as text") {
  // A fresh conversation: a payload naming a step (the old private form) and a
  // well-formed token of a button never shown both do nothing a button would.
  TurnReport forged = rig.SendUntilAcknowledged("m1", "привет", ">booking.first");
  CHECK(rig.BookingCalls() == 0);
  CHECK(forged.flow != "booking");
  TurnReport token = rig.SendUntilAcknowledged("m2", "привет", "~1.1");
  CHECK(rig.BookingCalls() == 0);
  // A button that was shown works, by payload and by number, and a payload too long
  // for Telegram is never produced.
  TurnReport menu = rig.SendUntilAcknowledged("m3", "меню");
  REQUIRE(menu.replies.size() == 1);
  REQUIRE(menu.replies[0].buttons.size() == 2);
  for (const Button& b : menu.replies[0].buttons) CHECK(b.payload.size() <= kMaxButtonPayloadBytes);
  TurnReport pressed = rig.SendUntilAcknowledged("m4", "Цены", menu.replies[0].buttons[0].payload);
  CHECK(pressed.replies.at(0).text == "Стрижка от 1500 ₽.");
  // The menu's buttons are gone with the next reply: pressing one again is text.
  TurnReport stale = rig.SendUntilAcknowledged("m5", "Записаться", menu.replies[0].buttons[1].payload);
  CHECK(stale.flow == "booking");  // read as the text "Записаться", a trigger
  CHECK(rig.BookingCalls() == 1);
}

ON_BOTH_RIGS(CorruptSnapshot, "a conversation whose stored state cannot be read starts afresh and keeps it in the log") {
  REQUIRE(rig.Send("m1", "цены").ok());
  // Another writer (an older version, a bug, a hand edit) stores garbage.
  auto loaded = rig.store().Load("tg:1001", "");
  REQUIRE(loaded.ok());
  TurnCommit garbage;
  garbage.session_id = "tg:1001";
  garbage.expected_version = loaded->version;
  garbage.snapshot = "sb2;4:miss2:-1";
  REQUIRE(rig.store().Commit(garbage).ok());
  TurnReport r = rig.SendUntilAcknowledged("m2", "цены");
  CHECK(r.recovered);
  CHECK(r.replies.at(0).text == "Стрижка от 1500 ₽.");
  TurnReport later = rig.SendUntilAcknowledged("m3", "цены");
  CHECK_FALSE(later.recovered);
  auto page = rig.engine().RecentTranscript("tg:1001", 50);
  REQUIRE(page.ok());
  bool kept = false;
  for (const Event& e : page->events) {
    if (e.type == EventType::kSessionReset && e.value == "unreadable_state") {
      kept = e.attrs.at("snapshot_hex") == "7362323b343a6d697373323a2d31";
    }
  }
  CHECK(kept);
}

ON_BOTH_RIGS(HostileText, "a message is cleaned once at the edge, and one over the limit is not read") {
  TurnReport r = rig.SendUntilAcknowledged("m1", std::string("\xff цены\x00", 11) + "\u202e");
  CHECK(r.replies.at(0).text == "Стрижка от 1500 ₽.");
  auto page = rig.engine().Transcript("tg:1001");
  REQUIRE(page.ok());
  REQUIRE_FALSE(page->events.empty());
  CHECK(page->events[0].text == "\xEF\xBF\xBD цены");
  std::string huge(1 << 20, 'a');
  TurnReport unread = rig.SendUntilAcknowledged("m2", huge);
  REQUIRE(unread.replies.size() == 1);
  CHECK(unread.replies[0].text.find("слишком длинное") != std::string::npos);
  auto tail = rig.engine().RecentTranscript("tg:1001", 2);
  REQUIRE(tail.ok());
  REQUIRE(tail->events.size() == 2);
  CHECK(tail->events[0].attrs.at("unread") == "too_long");
  CHECK(tail->events[0].text.size() <= 512);
}
