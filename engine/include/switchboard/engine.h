// The engine: flows loaded from a folder, turns run against a Store. One call per
// customer event; the engine loads the conversation, runs the turn on the flows,
// and commits state, events and replies in one batch, re-running the turn when
// another process committed first. Engines keep no per-conversation state of their
// own, so any number of them can serve the same customers from one store.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "switchboard/diagnostic.h"
#include "switchboard/event.h"
#include "switchboard/reply.h"
#include "switchboard/status.h"
#include "switchboard/store.h"

namespace switchboard {

class Clock;
class FlowProgram;

// What a customer did.
struct InboundMessage {
  std::string session_id;      // one conversation, e.g. "customer:42" or "tg:1001"
  std::string channel;         // "telegram", "webchat", "cli", ...
  std::string user_id;         // the channel's id of the customer
  std::string message_id;      // the channel's id of the message; repeats are ignored
  std::string text;            // what they wrote (or a pressed button's label); over
                               // EngineOptions::max_message_bytes it is not read
  // Set when a button was pressed: the payload of one of the buttons the
  // conversation was shown last, or a global command ("/start", "/menu",
  // "/cancel", "/back", "/operator") for messengers' persistent menus. Any other
  // payload (an old or forged one) is ignored and `text` is read instead.
  std::string button_payload;
  bool start = false;          // "/start" or a new chat window
  std::string language;        // the customer's language as the channel knows it
                               // ("ru", "en"); decides a new conversation's language
  // What a message the bot cannot read held ("sticker", "photo", "voice",
  // "location", ...): logged as such with any caption in `text`, answered with a
  // polite request for text, and not matched against the flows.
  std::string content;
};

// An operator's action on a conversation. Each is an event in the conversation's
// log, committed like a customer's turn.
struct OperatorAction {
  enum class Kind {
    kTake,      // the chat becomes operator_id's (also one never handed off)
    kSay,       // `text` goes to the customer through their channel (the outbox)
    kNote,      // `text` stays internal, for other operators
    kTransfer,  // to `to_operator`, or back to the queue of `department`; `text`: a note
    kHandBack,  // the bot answers again, from `step` ("flow.step"; "" = the main menu)
    kNotice,    // `text` goes to the customer from the desk (an expected wait, a
                // long wait) while the chat waits or is with anyone; as a bot message
    kBotSay,    // `text` and `buttons` go to the customer as a bot message, whoever
                // has the chat: what the server itself asks or tells outside a turn
                // (whether a phone someone typed is theirs). The buttons keep their
                // payloads, for the server to answer; numbers no longer press the
                // flows' older buttons.
  };
  Kind kind = Kind::kSay;
  std::string session_id;
  std::string operator_id;
  std::string text;
  std::string to_operator;
  std::string department;
  std::string step;
  // When set, the action is applied at most once: a repeat with the same id changes
  // nothing and its report says `duplicate` (e.g. "long_wait:<enqueued ms>", so that
  // several server processes tell a waiting customer once).
  std::string action_id;
  // kTake: refused with ResourceExhausted when the operator already has this many
  // chats (0: no limit), checked atomically with the commit.
  int max_chats = 0;
  // kNotice: the text per language ("ru", "en"); the conversation's language picks
  // one, and `text` is said when none fits.
  std::map<std::string, std::string> texts;
  // kBotSay: buttons under the text, each with a payload (at most
  // kMaxButtonPayloadBytes) that the flows do not know.
  std::vector<Button> buttons;
};

// What one turn did.
struct TurnReport {
  std::vector<Reply> replies;
  std::string flow;          // the flow a trigger entered this turn; "" when none
  std::string language;      // the conversation's language after the turn
  std::string channel;       // where its replies go: the channel the customer wrote from last
  bool fallback = false;     // nothing matched
  bool handed_off = false;   // the conversation is with operators after the turn
  std::string operator_id;   // the operator who has it, when one has
  // The message id was seen before: nothing was done, and `replies` are those its
  // first processing committed (they are in the outbox already).
  bool duplicate = false;
  // The stored conversation could not be read: it was kept in the log for
  // inspection and the customer started afresh.
  bool recovered = false;
  std::map<std::string, std::string> slots;
  std::vector<std::string> steps;  // steps run, "flow.step"
  uint64_t version = 0;      // the conversation's version after the commit
};

// A page of a conversation's log.
struct TranscriptPage {
  std::vector<Event> events;
  size_t first = 0;  // the log index of events[0]
  size_t next = 0;   // where the next page starts
};

class HttpClient;

struct EngineOptions {
  std::string flows_dir = "flows";  // the bot's YAML files
  Store* store = nullptr;           // required; not owned
  const Clock* clock = nullptr;     // SystemClock() when null
  int max_commit_attempts = 8;      // re-runs of a turn on version conflicts
  // The flows' http steps go through this client; a cpp-httplib one when null.
  // Not owned.
  HttpClient* http = nullptr;
  // A longer message is not read: the customer is told so. 16 KiB holds the
  // 4,096 characters that Telegram and WhatsApp allow, in any script.
  size_t max_message_bytes = 16 * 1024;
  // Business calls one message may lead to, one after another.
  int max_calls_per_message = 8;
};

// A loaded, compiled bot. Immutable; shared by all turns.
struct LoadedBot {
  std::shared_ptr<const FlowProgram> program;  // null when there were errors
  std::vector<Diagnostic> diagnostics;         // errors and warnings
};

// Loads, checks and compiles a flows folder.
LoadedBot LoadBot(const std::string& flows_dir);

// An Engine is safe for concurrent use by multiple threads.
class Engine {
 public:
  // Fails with InvalidFlow (diagnostics in *diagnostics when given) when the flows
  // do not load.
  static Result<std::unique_ptr<Engine>> Open(const EngineOptions& options,
                                              std::vector<Diagnostic>* diagnostics = nullptr);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs one customer turn: load, run, commit (state, events, the replies into the
  // outbox addressed to the customer's channel, and any queue change, at once);
  // then makes the business calls the turn left pending, each once, and commits
  // their continuations. Returns Unavailable when the store cannot be reached
  // (nothing is half-written: the message may be retried, and a retry of a
  // committed message returns the replies committed for it).
  Result<TurnReport> Handle(const InboundMessage& message);

  // Applies an operator's action (see OperatorAction). Conflict when the chat is
  // another operator's; NotFound for a conversation that does not exist.
  Result<TurnReport> Operate(const OperatorAction& action);

  // Loads the flows folder again and, when it has no errors, publishes it: turns
  // that start afterwards use it; conversations continue where they were.
  Status Reload(std::vector<Diagnostic>* diagnostics = nullptr);

  // Makes the business calls that processes which died left in flight, once their
  // leases have run out, for up to `limit` conversations: what a server runs every
  // few seconds, so that a call is never dropped because the customer wrote no
  // more. Returns how many calls it settled.
  Result<int> SweepPendingCalls(size_t limit = 100);

  // Up to `limit` (at most 1,000) events of the conversation's log from index `from`.
  Result<TranscriptPage> Transcript(const std::string& session_id, size_t from = 0,
                                    size_t limit = 1000);
  // The newest `limit` (at most 1,000) events: what an operator opens first.
  Result<TranscriptPage> RecentTranscript(const std::string& session_id, size_t limit = 100);

  std::shared_ptr<const FlowProgram> program() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace switchboard
