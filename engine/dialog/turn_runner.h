// One turn of a conversation, as a pure function: the compiled flows, the session
// snapshot and one customer event in; the bot's replies, the events to append and
// the new snapshot out. No I/O, no clock of its own: the caller loads and commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actions/http_action.h"
#include "dialog/session_state.h"
#include "flow/flow_program.h"
#include "switchboard/engine.h"

namespace switchboard {

struct TurnOutput {
  std::vector<Reply> replies;
  std::vector<Event> events;     // in order; the user's own event first
  std::string entered_flow;      // the flow a trigger entered; "" when none
  bool fallback = false;
  std::vector<std::string> steps;
  // Set when the turn handed the conversation to operators: where it queues
  // (session_id is left to the caller).
  std::optional<QueueEntry> handoff;
};

// Runs the turn, updating *state. `http` performs the flows' HTTP steps; when null
// they fail as if the service were unreachable. REQUIRES: program.intents is built.
TurnOutput RunTurn(const FlowProgram& program, SessionState* state,
                   const InboundMessage& message, int64_t now_ms, HttpClient* http = nullptr);

}  // namespace switchboard
