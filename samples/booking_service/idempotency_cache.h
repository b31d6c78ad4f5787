// Idempotency-Key for POST /bookings, as real booking and payment systems keep it: the
// first answer to a key is remembered, and a repeated request with the same key gets
// that answer again instead of a second booking (or a 409 for its own slot).
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace lumi {

struct CachedAnswer {
  int status = 0;
  std::string body;  // JSON text
};

// Safe for concurrent use by multiple threads. Requests with a key are answered one at
// a time, so that two copies racing each other cannot both book.
class IdempotencyCache {
 public:
  explicit IdempotencyCache(size_t capacity = 10000) : capacity_(capacity) {}
  IdempotencyCache(const IdempotencyCache&) = delete;  // owns a mutex; shared by reference
  IdempotencyCache& operator=(const IdempotencyCache&) = delete;

  // The answer to `request_body` under `key`: the remembered one when the key was seen
  // with the same body, 422 {"error": "idempotency_key_reused"} when it was seen with
  // another, else what `answer` gives, remembered (the oldest keys are forgotten beyond
  // the capacity). An empty key is not remembered.
  CachedAnswer Answer(const std::string& key, const std::string& request_body,
                      const std::function<CachedAnswer()>& answer);

 private:
  struct Entry {
    std::string request_body;
    CachedAnswer answer;
  };
  const size_t capacity_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // guarded by mutex_
  std::deque<std::string> order_;         // keys, oldest first; guarded by mutex_
};

}  // namespace lumi
