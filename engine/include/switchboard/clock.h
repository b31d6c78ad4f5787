// Time comes through a Clock so that tests can move it without sleeping.
#pragma once

#include <atomic>
#include <cstdint>

namespace switchboard {

// A Clock is safe for concurrent use by multiple threads.
class Clock {
 public:
  virtual ~Clock() = default;
  // Wall time in milliseconds since the Unix epoch (transcripts, dates).
  virtual int64_t NowMs() const = 0;
  // Monotonic milliseconds (timeouts); unrelated to wall time.
  virtual int64_t MonotonicMs() const = 0;
};

// The process's real clocks. Never null, never freed.
const Clock* SystemClock();

// A clock that moves only when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_ms) : now_ms_(now_ms) {}
  int64_t NowMs() const override { return now_ms_.load(); }
  int64_t MonotonicMs() const override { return now_ms_.load(); }
  void Advance(int64_t ms) { now_ms_ += ms; }
  void Set(int64_t now_ms) { now_ms_ = now_ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace switchboard
