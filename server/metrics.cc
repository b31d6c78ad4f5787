// Prometheus text rendering of the server's metrics.
#include "server/metrics.h"

#include <cstdio>

namespace switchboard::server {
namespace {

void Line(std::string* out, const char* name, const char* type, const char* help, uint64_t value) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "# HELP %s %s\n# TYPE %s %s\n%s %llu\n", name, help, name, type, name,
                static_cast<unsigned long long>(value));
  *out += buf;
}

}  // namespace

void Metrics::ObserveTurn(double seconds, bool fallback, bool handoff) {
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  buckets_[i]++;
  turn_micros_ += static_cast<uint64_t>(seconds * 1e6);
  turns_++;
  if (fallback) fallbacks_++;
  if (handoff) handoffs_++;
}

void Metrics::CountHttpRequest(int status) {
  if (status >= 500) {
    http_5xx_++;
  } else if (status >= 400) {
    http_4xx_++;
  } else {
    http_2xx_++;
  }
}

std::string Metrics::Render(bool flows_loaded, int64_t outbox_depth) const {
  std::string out;
  Line(&out, "switchboard_turns_total", "counter", "Customer turns committed.", turns_);
  Line(&out, "switchboard_fallbacks_total", "counter", "Turns where nothing matched.", fallbacks_);
  Line(&out, "switchboard_handoffs_total", "counter", "Turns that left the chat with operators.", handoffs_);
  Line(&out, "switchboard_turn_errors_total", "counter", "Turns that failed.", turn_errors_);
  Line(&out, "switchboard_store_errors_total", "counter", "Store calls that failed (Redis unreachable, ...).", store_errors_);
  Line(&out, "switchboard_delivered_total", "counter", "Outbox replies delivered.", delivered_);
  Line(&out, "switchboard_delivery_retries_total", "counter", "Delivery attempts that failed and were retried.", delivery_retries_);
  Line(&out, "switchboard_delivery_failures_total", "counter", "Replies given up on (permanent failures).", delivery_failures_);
  Line(&out, "switchboard_reloads_total", "counter", "Flow reloads published.", reloads_);
  Line(&out, "switchboard_reload_failures_total", "counter", "Flow reloads refused for errors.", reload_failures_);
  out += "# HELP switchboard_http_requests_total HTTP requests answered, by status class.\n"
         "# TYPE switchboard_http_requests_total counter\n";
  out += "switchboard_http_requests_total{class=\"2xx\"} " + std::to_string(http_2xx_) + "\n";
  out += "switchboard_http_requests_total{class=\"4xx\"} " + std::to_string(http_4xx_) + "\n";
  out += "switchboard_http_requests_total{class=\"5xx\"} " + std::to_string(http_5xx_) + "\n";
  out += "# HELP switchboard_turn_seconds Time to run and commit one turn.\n"
         "# TYPE switchboard_turn_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= kBuckets.size(); ++i) {
    cumulative += buckets_[i];
    char le[32];
    if (i < kBuckets.size()) {
      std::snprintf(le, sizeof le, "%g", kBuckets[i]);
    } else {
      std::snprintf(le, sizeof le, "+Inf");
    }
    out += "switchboard_turn_seconds_bucket{le=\"" + std::string(le) + "\"} " + std::to_string(cumulative) + "\n";
  }
  char sum[64];
  std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(turn_micros_) / 1e6);
  out += "switchboard_turn_seconds_sum " + std::string(sum) + "\n";
  out += "switchboard_turn_seconds_count " + std::to_string(cumulative) + "\n";
  out += "# HELP switchboard_outbox_in_flight Outbox replies this process holds and has not acknowledged.\n"
         "# TYPE switchboard_outbox_in_flight gauge\nswitchboard_outbox_in_flight " + std::to_string(in_flight_) + "\n";
  if (outbox_depth >= 0) {
    out += "# HELP switchboard_outbox_depth Replies committed and not yet delivered (all processes).\n"
           "# TYPE switchboard_outbox_depth gauge\nswitchboard_outbox_depth " + std::to_string(outbox_depth) + "\n";
  }
  out += "# HELP switchboard_flows_loaded 1 when a flow set is serving.\n"
         "# TYPE switchboard_flows_loaded gauge\nswitchboard_flows_loaded " + std::string(flows_loaded ? "1" : "0") + "\n";
  return out;
}

std::string RenderStoreStats(const StoreStats& stats) {
  std::string out;
  Line(&out, "switchboard_store_round_trips_total", "counter", "Exchanges with the store (Redis round trips).",
       stats.round_trips);
  Line(&out, "switchboard_store_reconnects_total", "counter", "Reconnections to the store.", stats.reconnects);
  Line(&out, "switchboard_store_script_reloads_total", "counter", "Store scripts loaded again (NOSCRIPT).",
       stats.script_reloads);
  return out;
}

}  // namespace switchboard::server
