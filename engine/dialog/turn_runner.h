// One turn of a conversation, as a pure function: the compiled flows, the session
// state and one event in (a customer's message, the outcome of a business call, an
// operator's action); the bot's replies, the events to append and the changed state
// out. No I/O and no clock of its own: the engine loads, commits, and makes the
// business calls that a turn leaves pending (PendingCall in the state) after the
// commit, feeding their outcomes back through ResumeAfterCall.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actions/http_call.h"
#include "dialog/session_state.h"
#include "flow/flow_program.h"
#include "switchboard/engine.h"
#include "switchboard/store.h"

namespace switchboard {

struct TurnOutput {
  std::vector<Reply> replies;
  std::vector<Event> events;     // in order; the user's own event first
  std::string entered_flow;      // the flow a trigger entered; "" when none
  bool fallback = false;
  std::vector<std::string> steps;
  QueueChange queue;             // how the operators' queue changes with this turn
};

// Runs a customer's turn, updating *state. The turn stops early at an http step,
// leaving state->pending set. REQUIRES: program.intents is built; state->pending is
// not set (the engine resolves a pending call before the next message).
TurnOutput RunTurn(const FlowProgram& program, SessionState* state, const InboundMessage& message,
                   int64_t now_ms);

// A turn for a message too long to read: it is logged (message.text holds what of
// it should be kept) and the customer is told; nothing else changes.
TurnOutput RunUnreadTurn(const FlowProgram& program, SessionState* state, const InboundMessage& message,
                         int64_t now_ms);

// How long the process that commits a pending call owns it: the call's whole
// budget (every attempt) and a margin.
int64_t PendingCallLeaseMs(const FlowProgram& program, const SessionState& state);

// The request of the pending call in *state, built from the step and the slots; null
// when nothing is pending or its step no longer exists (ResumeAfterCall then clears it).
std::optional<HttpCall> PendingCallRequest(const FlowProgram& program, const SessionState& state);

// Feeds the outcome of state->pending's call back into the conversation and goes on
// from the step it leads to (possibly to another http step, pending again).
TurnOutput ResumeAfterCall(const FlowProgram& program, SessionState* state, const std::string& session_id,
                           const HttpOutcome& outcome, int64_t now_ms);

// Applies an operator's action. Conflict when the chat belongs to another operator
// (or, for all but take and note, to none); InvalidArgument for a missing text or
// an unknown step.
Result<TurnOutput> RunOperatorAction(const FlowProgram& program, SessionState* state,
                                     const OperatorAction& action, int64_t now_ms);

}  // namespace switchboard
