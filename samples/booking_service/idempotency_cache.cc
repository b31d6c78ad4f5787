// The remembered answers of POST /bookings by Idempotency-Key.
#include "booking_service/idempotency_cache.h"

namespace lumi {

CachedAnswer IdempotencyCache::Answer(const std::string& key, const std::string& request_body,
                                      const std::function<CachedAnswer()>& answer) {
  if (key.empty()) return answer();
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    if (it->second.request_body == request_body) return it->second.answer;
    return CachedAnswer{422, R"({"error":"idempotency_key_reused"})"};
  }
  CachedAnswer first = answer();
  entries_[key] = Entry{request_body, first};
  order_.push_back(key);
  if (order_.size() > capacity_) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  return first;
}

}  // namespace lumi
