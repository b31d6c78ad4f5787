// The shape every channel has: it mounts its inbound routes (webhooks, a chat page,
// an API) on the server's router, and it delivers the replies that delivery workers
// read from the outbox for its channel. The web chat and the REST API implement it
// here; messengers follow the same shape.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/http_types.h"
#include "switchboard/engine.h"
#include "switchboard/store.h"

namespace switchboard::adapters {

// What a delivery attempt came to.
struct DeliveryOutcome {
  enum class Kind {
    kDelivered,  // acknowledged; never handed out again
    kRetry,      // a passing failure (timeout, 5xx, rate limit): try again later
    kPermanent,  // it can never succeed (blocked by the customer, bad recipient)
  };
  Kind kind = Kind::kDelivered;
  std::string reason;  // for logs and metrics; no message text
  // kRetry: the messenger said how long to wait (Telegram's retry_after); 0: the
  // workers' own doubling wait.
  int retry_after_ms = 0;

  static DeliveryOutcome Delivered() { return {}; }
  static DeliveryOutcome Retry(std::string why, int after_ms = 0) {
    return {Kind::kRetry, std::move(why), after_ms};
  }
  static DeliveryOutcome Permanent(std::string why) { return {Kind::kPermanent, std::move(why)}; }
};

// A customer's page following its conversation live (the web chat's event stream).
class ConversationWatch {
 public:
  virtual ~ConversationWatch() = default;
  // Waits up to `timeout_ms`; returns what happened meanwhile: "changed" (something
  // was committed: read the transcript) and signals such as "typing" (an operator
  // is typing); nothing on timeout.
  virtual std::vector<std::string> Wait(int timeout_ms) = 0;
  // True once the server stops: the stream should end.
  virtual bool closed() const = 0;
};

// What adapters ask of the server: turns and transcripts, with the server's
// metrics and logs around them. Safe for concurrent use by multiple threads.
class AdapterHost {
 public:
  virtual ~AdapterHost() = default;
  virtual Result<TurnReport> HandleTurn(const InboundMessage& message) = 0;
  virtual Result<TranscriptPage> Transcript(const std::string& session_id, size_t from,
                                            size_t limit) = 0;
  // Writes an internal note into the conversation's log, for operators (what a
  // channel could not deliver, and why). The default keeps nothing.
  virtual Status Note(const std::string& /*session_id*/, const std::string& /*text*/) {
    return Status::Ok();
  }
  // Sends `reply` into the conversation as the bot's own message, outside any turn
  // and whoever has the chat: committed to its log and delivered like every reply
  // (the outbox), to the channel the customer wrote from last (the report's
  // `channel`). A non-empty `action_id` sends it at most once (the report says
  // `duplicate` after that). NotFound when the conversation does not exist or the
  // host sends nothing of its own (the default).
  virtual Result<TurnReport> Tell(const std::string& session_id, const Reply& /*reply*/,
                                  const std::string& /*action_id*/) {
    return Status::NotFound("no conversation " + session_id + " to tell anything");
  }
  // The newest `limit` events of a conversation. The default has none.
  virtual Result<TranscriptPage> RecentTranscript(const std::string& /*session_id*/, size_t /*limit*/) {
    return TranscriptPage{};
  }
  // Logs what an adapter did: a stable dotted event name and fields of ids, counts
  // and codes, never message text or phone numbers. The default logs nothing.
  virtual void LogEvent(std::string_view /*event*/,
                        std::initializer_list<std::pair<std::string_view, std::string_view>> /*fields*/) {}
  // Where customers' identities across channels are kept; null when the host
  // keeps none (each channel identity is then a customer of its own).
  virtual CustomerStore* customers() { return nullptr; }
  // Follows a conversation live; null when the server has no live updates or all
  // the streams it allows are open (the page then polls the transcript).
  virtual std::shared_ptr<ConversationWatch> FollowConversation(const std::string& session_id) {
    (void)session_id;
    return nullptr;
  }
};

// A ChannelAdapter is safe for concurrent use by multiple threads: routes are
// called from the server's worker pool and Deliver from delivery workers.
class ChannelAdapter {
 public:
  virtual ~ChannelAdapter() = default;
  // The channel name in InboundMessage::channel and OutboxMessage::channel.
  virtual std::string_view channel() const = 0;
  // Adds the channel's inbound routes.
  virtual void Mount(Router& router) = 0;
  // Sends one reply of the outbox to the customer.
  virtual DeliveryOutcome Deliver(const OutboxMessage& message) = 0;
  // True when replies to one recipient must be paced (messengers throttle bots
  // that write to one chat too fast); see delivery.per_recipient_* of the server.
  virtual bool paced() const { return false; }
};

}  // namespace switchboard::adapters
