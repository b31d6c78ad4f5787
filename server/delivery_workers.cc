// The outbox delivery loop (see delivery_workers.h).
#include "server/delivery_workers.h"

#include <chrono>
#include <set>

#include "switchboard/reply.h"

namespace switchboard::server {

using adapters::DeliveryOutcome;

DeliveryWorkers::DeliveryWorkers(OutboxStore* outbox,
                                 std::map<std::string, adapters::ChannelAdapter*> adapters,
                                 DeliveryConfig config, std::string consumer, Metrics* metrics,
                                 JsonLogger* log)
    : outbox_(outbox), adapters_(std::move(adapters)), config_(config),
      consumer_(std::move(consumer)), metrics_(metrics), log_(log),
      pacer_(config_.per_recipient_interval_ms, config_.per_recipient_burst) {}

DeliveryWorkers::~DeliveryWorkers() { Stop(); }

void DeliveryWorkers::Start() {
  for (int i = 0; i < config_.workers; ++i) threads_.emplace_back([this, i] { Run(i); });
}

void DeliveryWorkers::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

bool DeliveryWorkers::Wait(int ms) {
  std::unique_lock<std::mutex> lock(mu_);
  wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_.load(); });
  return !stopping_;
}

void DeliveryWorkers::Run(int index) {
  const std::string consumer = consumer_ + "/" + std::to_string(index);
  int backoff = config_.poll_ms;
  while (!stopping_) {
    auto entries = outbox_->ReadOutbox(consumer, static_cast<size_t>(config_.batch));
    if (!entries.ok()) {
      metrics_->CountStoreError();
      log_->Log(LogLevel::kWarn, "delivery.read_failed", {{"error", entries.status().ToString()}});
      if (!Wait(backoff)) break;
      backoff = std::min(backoff * 2, 10000);  // the store is down: do not hammer it
      continue;
    }
    backoff = config_.poll_ms;
    if (entries->empty()) {
      if (!Wait(config_.poll_ms)) break;
      continue;
    }
    metrics_->AddInFlight(static_cast<int64_t>(entries->size()));
    std::vector<std::string> done;
    std::set<std::string> held;  // recipients with a reply left for redelivery: keep their order
    for (const OutboxEntry& entry : *entries) {
      std::string recipient = entry.message.channel + "\n" + entry.message.recipient;
      if (held.count(recipient)) continue;
      if (DeliverOne(entry)) {
        done.push_back(entry.id);
      } else {
        held.insert(recipient);
      }
    }
    metrics_->AddInFlight(-static_cast<int64_t>(entries->size()));
    if (done.empty()) continue;
    Status acked = outbox_->AckOutbox(done);
    if (!acked.ok()) {
      // They will be handed out again: at least once, as promised.
      metrics_->CountStoreError();
      log_->Log(LogLevel::kWarn, "delivery.ack_failed", {{"error", acked.ToString()}});
    }
  }
}

bool DeliveryWorkers::DeliverOne(const OutboxEntry& entry) {
  const OutboxMessage& m = entry.message;
  auto parsed = OutboundReplyFromJson(m.payload);
  const std::string delivery_id = parsed.ok() ? parsed->delivery_id : entry.id;
  auto give_up = [&](std::string_view why) {
    metrics_->CountDeliveryFailure();
    log_->Log(LogLevel::kError, "delivery.failed",
              {{"conversation", m.session_id}, {"channel", m.channel}, {"delivery_id", delivery_id},
               {"deliveries", std::to_string(entry.deliveries)}, {"reason", why}});
    return true;
  };
  if (entry.deliveries > static_cast<uint64_t>(config_.max_deliveries)) {
    return give_up("handed out " + std::to_string(entry.deliveries - 1) + " times without success");
  }
  auto it = adapters_.find(m.channel);
  if (it == adapters_.end()) return give_up("no adapter for channel '" + m.channel + "'");
  int wait = config_.retry_backoff_ms;
  for (int attempt = 1;; ++attempt) {
    if (it->second->paced()) {
      int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now().time_since_epoch()).count();
      int64_t pace = pacer_.Reserve(m.channel + "\n" + m.recipient, now);
      if (pace > 0 && !Wait(static_cast<int>(pace))) return false;
    }
    DeliveryOutcome outcome = it->second->Deliver(m);
    switch (outcome.kind) {
      case DeliveryOutcome::Kind::kDelivered:
        metrics_->CountDelivered();
        log_->Log(LogLevel::kDebug, "delivery.done",
                  {{"conversation", m.session_id}, {"channel", m.channel}, {"delivery_id", delivery_id}});
        return true;
      case DeliveryOutcome::Kind::kPermanent:
        return give_up(outcome.reason);
      case DeliveryOutcome::Kind::kRetry:
        metrics_->CountDeliveryRetry();
        log_->Log(LogLevel::kWarn, "delivery.retry",
                  {{"conversation", m.session_id}, {"channel", m.channel}, {"delivery_id", delivery_id},
                   {"attempt", std::to_string(attempt)}, {"reason", outcome.reason},
                   {"retry_after_ms", std::to_string(outcome.retry_after_ms)}});
        break;
    }
    // Left unacknowledged, the store hands it out again after its redelivery time.
    if (attempt >= config_.attempts_per_read) return false;
    if (outcome.retry_after_ms > config_.max_retry_after_ms) return false;  // too long to hold a worker
    if (!Wait(std::max(wait, outcome.retry_after_ms))) return false;
    wait *= 2;
  }
}

}  // namespace switchboard::server
