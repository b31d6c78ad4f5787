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
  std::string text;            // what they wrote (or a pressed button's label)
  std::string button_payload;  // set when a button was pressed
  bool start = false;          // "/start" or a new chat window
  std::string language;        // the customer's language as the channel knows it
                               // ("ru", "en"); decides a new conversation's language
};

// One message of the bot. A button's payload is what comes back when it is pressed;
// a payload starting with "url:" is a link.
struct Reply {
  std::string text;
  std::vector<Button> buttons;
  std::vector<std::string> quick_replies;
};

// What one turn did.
struct TurnReport {
  std::vector<Reply> replies;
  std::string flow;          // the flow a trigger entered this turn; "" when none
  std::string language;      // the conversation's language after the turn
  bool fallback = false;     // nothing matched
  bool handed_off = false;   // the conversation is with operators after the turn
  bool duplicate = false;    // the message id was seen before: nothing was done
  std::map<std::string, std::string> slots;
  std::vector<std::string> steps;  // steps run, "flow.step"
  uint64_t version = 0;      // the conversation's version after the commit
};

struct EngineOptions {
  std::string flows_dir = "flows";  // the bot's YAML files
  Store* store = nullptr;           // required; not owned
  const Clock* clock = nullptr;     // SystemClock() when null
  int max_commit_attempts = 8;      // re-runs of a turn on version conflicts
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

  // Runs one customer turn. Returns Unavailable when the store cannot be reached
  // (nothing is half-written: the message may be retried).
  Result<TurnReport> Handle(const InboundMessage& message);

  // Loads the flows folder again and, when it has no errors, publishes it: turns
  // that start afterwards use it; conversations continue where they were.
  Status Reload(std::vector<Diagnostic>* diagnostics = nullptr);

  // The conversation's transcript.
  Result<std::vector<Event>> Transcript(const std::string& session_id);

  std::shared_ptr<const FlowProgram> program() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace switchboard
