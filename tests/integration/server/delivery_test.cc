// Delivery workers over a real store: replies reach their channel's adapter and are
// acknowledged; passing failures are retried; permanent ones are recorded and not
// retried; and two servers on one Redis deliver every reply exactly once.
#include <doctest/doctest.h>

#include <mutex>
#include <set>

#include "integration/server/server_fixture.h"
#include "switchboard/reply.h"

namespace switchboard::testing {
namespace {

// A channel that records what it is given. Fails the first `fail_first` attempts
// of each reply (passing failures), or every attempt permanently.
class RecordingAdapter final : public adapters::ChannelAdapter {
 public:
  struct Shared {
    std::mutex mu;
    std::vector<std::string> delivered;          // delivery ids, in order, across adapters
    std::map<std::string, int> attempts;         // per delivery id
  };
  RecordingAdapter(Shared* shared, int fail_first, bool permanent)
      : shared_(shared), fail_first_(fail_first), permanent_(permanent) {}

  std::string_view channel() const override { return "test"; }
  void Mount(adapters::Router&) override {}
  adapters::DeliveryOutcome Deliver(const OutboxMessage& m) override {
    auto reply = OutboundReplyFromJson(m.payload);
    REQUIRE(reply.ok());
    std::lock_guard<std::mutex> lock(shared_->mu);
    int attempt = ++shared_->attempts[reply->delivery_id];
    if (permanent_) return adapters::DeliveryOutcome::Permanent("recipient blocked the bot");
    if (attempt <= fail_first_) return adapters::DeliveryOutcome::Retry("503 from the messenger");
    shared_->delivered.push_back(reply->delivery_id);
    return adapters::DeliveryOutcome::Delivered();
  }

 private:
  Shared* shared_;
  int fail_first_;
  bool permanent_;
};

std::vector<std::unique_ptr<adapters::ChannelAdapter>> Recording(RecordingAdapter::Shared* shared,
                                                                 int fail_first = 0, bool permanent = false) {
  std::vector<std::unique_ptr<adapters::ChannelAdapter>> out;
  out.push_back(std::make_unique<RecordingAdapter>(shared, fail_first, permanent));
  return out;
}

const char kFastDelivery[] =
    "delivery: {workers: 2, poll_ms: 5, retry_backoff_ms: 1, attempts_per_read: 3, max_deliveries: 5}\n";

// Greets `n` customers of the test channel; returns how many replies were committed.
size_t Greet(server::Server& server, int n, const std::string& tag) {
  size_t replies = 0;
  for (int i = 0; i < n; ++i) {
    InboundMessage m;
    m.session_id = "test:" + tag + std::to_string(i);
    m.channel = "test";
    m.user_id = tag + std::to_string(i);
    m.message_id = "start";
    m.start = true;
    auto report = server.engine().Handle(m);
    REQUIRE(report.ok());
    replies += report->replies.size();
  }
  return replies;
}

TEST_CASE("Delivery: replies reach their adapter once, after passing failures are retried") {
  RecordingAdapter::Shared shared;
  RunningServer s(SB_SOURCE_DIR "/flows", StoreChoice::Memory(), kFastDelivery, Recording(&shared, 2));
  size_t expected = Greet(s.server(), 3, "a");
  REQUIRE(expected > 0);
  CHECK(PollUntil([&] { std::lock_guard<std::mutex> l(shared.mu); return shared.delivered.size() >= expected; }, 10000));
  std::lock_guard<std::mutex> l(shared.mu);
  CHECK(shared.delivered.size() == expected);
  for (const auto& [id, attempts] : shared.attempts) CHECK(attempts == 3);
  auto metrics = s.Get("/metrics", "");
  CHECK(metrics->body.find("switchboard_delivered_total " + std::to_string(expected) + "\n") != std::string::npos);
}

TEST_CASE("Delivery: a permanent failure is recorded once and not retried") {
  RecordingAdapter::Shared shared;
  RunningServer s(SB_SOURCE_DIR "/flows", StoreChoice::Memory(), kFastDelivery, Recording(&shared, 0, true));
  size_t expected = Greet(s.server(), 2, "p");
  auto failures = [&] {
    auto m = s.Get("/metrics", "");
    return m && m->body.find("switchboard_delivery_failures_total " + std::to_string(expected) + "\n") != std::string::npos;
  };
  CHECK(PollUntil(failures, 10000));
  std::lock_guard<std::mutex> l(shared.mu);
  CHECK(shared.delivered.empty());
  for (const auto& [id, attempts] : shared.attempts) CHECK(attempts == 1);
}

TEST_CASE("Delivery: two servers on one Redis deliver every reply exactly once") {
  RecordingAdapter::Shared shared;
  std::string prefix = UniquePrefix();
  {
    RunningServer a(SB_SOURCE_DIR "/flows", StoreChoice::Redis(prefix), kFastDelivery + std::string("server_id: a\n"),
                    Recording(&shared));
    RunningServer b(SB_SOURCE_DIR "/flows", StoreChoice::Redis(prefix), kFastDelivery + std::string("server_id: b\n"),
                    Recording(&shared));
    size_t expected = Greet(a.server(), 20, "x") + Greet(b.server(), 20, "y");
    CHECK(PollUntil([&] { std::lock_guard<std::mutex> l(shared.mu); return shared.delivered.size() >= expected; }, 20000));
    std::lock_guard<std::mutex> l(shared.mu);
    std::set<std::string> unique(shared.delivered.begin(), shared.delivered.end());
    CHECK(shared.delivered.size() == expected);
    CHECK(unique.size() == expected);
  }
  RawRedis(TestRedisUrl()).DeleteKeys(prefix);
}

}  // namespace
}  // namespace switchboard::testing
