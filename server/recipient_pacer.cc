// Token buckets per recipient (see recipient_pacer.h).
#include "server/recipient_pacer.h"

#include <algorithm>

namespace switchboard::server {

int64_t RecipientPacer::Reserve(const std::string& recipient, int64_t now_ms) {
  if (interval_ms_ <= 0) return 0;
  std::lock_guard<std::mutex> lock(mu_);
  if (next_due_ms_.size() > kSweepAbove) {
    std::erase_if(next_due_ms_, [now_ms](const auto& kv) { return kv.second <= now_ms; });
  }
  int64_t& due = next_due_ms_[recipient];
  // `due` is when the bucket would be full; a full bucket holds `burst` sends.
  const int64_t start = std::max(due, now_ms);
  const int64_t allowance = (burst_ - 1) * interval_ms_;
  const int64_t wait = std::max<int64_t>(0, start - now_ms - allowance);
  due = start + interval_ms_;
  return wait;
}

}  // namespace switchboard::server
