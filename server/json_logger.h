// Structured logs of the server: one JSON object per line with the time, the
// level, a stable dotted event name ("turn.done", "delivery.failed") and fields.
// Callers pass ids, counts and codes, never message text or phone numbers.
#pragma once

#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace switchboard::server {

enum class LogLevel { kDebug = 0, kInfo, kWarn, kError };

// "debug", "info", "warn", "error"; kInfo for anything else.
LogLevel ParseLogLevel(std::string_view name);

// Safe for concurrent use by multiple threads; each line is written whole.
class JsonLogger {
 public:
  using Field = std::pair<std::string_view, std::string_view>;

  // Writes to `out` (not owned, not closed).
  JsonLogger(std::FILE* out, LogLevel level) : out_(out), level_(level) {}

  bool Enabled(LogLevel level) const { return level >= level_; }
  void Log(LogLevel level, std::string_view event, std::initializer_list<Field> fields);

 private:
  std::FILE* out_;
  LogLevel level_;
  std::mutex mu_;
};

}  // namespace switchboard::server
