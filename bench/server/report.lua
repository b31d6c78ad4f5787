-- What every wrk script of bench/run prints at the end: `figure,value` lines
-- (requests, errors, latency percentiles in ms) that bench/run records.
-- Loaded by the scripts beside it with dofile; defines wrk's done().
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests,%d\n", summary.requests))
  io.write(string.format("requests_per_s,%.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("errors,%d\n", e.connect + e.read + e.write + e.status + e.timeout))
  io.write(string.format("p50_ms,%.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms,%.3f\n", latency:percentile(99) / 1000))
  io.write(string.format("p999_ms,%.3f\n", latency:percentile(99.9) / 1000))
end
