// How far a reply that takes several API calls (a long text in pieces, then the
// buttons) got before a call failed, so that its redelivery resumes after the
// pieces the messenger took instead of sending them twice. Kept in memory: a
// redelivery by another process starts from the first piece.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "adapters/channel_adapter.h"

namespace switchboard::adapters {

// Safe for concurrent use by multiple threads.
class DeliveryProgress {
 public:
  // The pieces of delivery_id already sent (0 when none are remembered).
  size_t Sent(const std::string& delivery_id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sent_.find(delivery_id);
    return it == sent_.end() ? 0 : it->second;
  }
  // Sends the pieces of delivery_id not sent yet, in order, with send(i) for
  // i in [Sent(delivery_id), count). Stops at the first that is not delivered:
  // a retry remembers where it stopped, a permanent failure forgets the reply.
  // Returns the first such outcome, or Delivered.
  DeliveryOutcome SendPieces(const std::string& delivery_id, size_t count,
                             const std::function<DeliveryOutcome(size_t)>& send) {
    for (size_t i = Sent(delivery_id); i < count; ++i) {
      DeliveryOutcome outcome = send(i);
      if (outcome.kind == DeliveryOutcome::Kind::kDelivered) continue;
      Set(delivery_id, outcome.kind == DeliveryOutcome::Kind::kRetry ? i : 0);
      return outcome;
    }
    Set(delivery_id, 0);
    return DeliveryOutcome::Delivered();
  }

  // Remembers `pieces` sent; 0 forgets the reply (delivered or given up).
  void Set(const std::string& delivery_id, size_t pieces) {
    std::lock_guard<std::mutex> lock(mu_);
    if (pieces == 0) {
      sent_.erase(delivery_id);
    } else if (sent_.size() < kMaxTracked || sent_.count(delivery_id)) {
      sent_[delivery_id] = pieces;
    }
  }

 private:
  static constexpr size_t kMaxTracked = 10000;  // bounded: a flood of failures costs no more
  std::mutex mu_;
  std::map<std::string, size_t> sent_;
};

}  // namespace switchboard::adapters
