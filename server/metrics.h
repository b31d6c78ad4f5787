// The server's Prometheus metrics: counters, gauges and one latency histogram,
// kept in atomics and rendered in the text exposition format for /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "switchboard/store.h"

namespace switchboard::server {

// Safe for concurrent use by multiple threads; updates are lock-free.
class Metrics {
 public:
  // Upper bounds of the turn latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void ObserveTurn(double seconds, bool fallback, bool handoff);
  void CountTurnError() { turn_errors_++; }
  void CountStoreError() { store_errors_++; }
  void CountDelivered() { delivered_++; }
  void CountDeliveryRetry() { delivery_retries_++; }
  void CountDeliveryFailure() { delivery_failures_++; }
  void CountHttpRequest(int status);
  void CountReload(bool ok) { (ok ? reloads_ : reload_failures_)++; }
  // Outbox entries handed to this process and not acknowledged yet.
  void AddInFlight(int64_t delta) { in_flight_ += delta; }

  // The exposition text; `flows_loaded` and `outbox_depth` (-1 when unknown) are
  // sampled by the caller.
  std::string Render(bool flows_loaded, int64_t outbox_depth) const;

 private:
  std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets_{};  // the last is +Inf
  std::atomic<uint64_t> turn_micros_{0};
  std::atomic<uint64_t> turns_{0}, fallbacks_{0}, handoffs_{0}, turn_errors_{0}, store_errors_{0};
  std::atomic<uint64_t> delivered_{0}, delivery_retries_{0}, delivery_failures_{0};
  std::atomic<uint64_t> http_2xx_{0}, http_4xx_{0}, http_5xx_{0};
  std::atomic<uint64_t> reloads_{0}, reload_failures_{0};
  std::atomic<int64_t> in_flight_{0};
};

// Prometheus text of the store's own counters (Redis round trips, reconnects,
// script reloads; zero for the memory store).
std::string RenderStoreStats(const StoreStats& stats);

}  // namespace switchboard::server
