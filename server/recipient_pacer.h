// Pacing of deliveries per recipient: messengers throttle a bot that writes to
// one chat too fast (Telegram: about one message a second per chat, short bursts
// tolerated; WhatsApp: a pair rate limit). Each (channel, recipient) may receive
// `burst` messages at once, then one per `interval_ms` (a token bucket kept as the
// time its next token is due: GCRA). Time is passed in, so that tests need no clock.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace switchboard::server {

// Safe for concurrent use by multiple threads.
class RecipientPacer {
 public:
  // interval_ms 0 turns pacing off.
  RecipientPacer(int interval_ms, int burst) : interval_ms_(interval_ms), burst_(burst < 1 ? 1 : burst) {}

  // Takes a slot for one message to `recipient` at `now_ms` and returns how long
  // the caller must wait before sending it (0: at once).
  int64_t Reserve(const std::string& recipient, int64_t now_ms);

 private:
  static constexpr size_t kSweepAbove = 10000;  // recipients remembered before idle ones are dropped

  const int64_t interval_ms_;
  const int64_t burst_;
  std::mutex mu_;
  std::map<std::string, int64_t> next_due_ms_;  // when the recipient's bucket is full again
};

}  // namespace switchboard::server
