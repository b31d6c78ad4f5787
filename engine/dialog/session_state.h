// The compact snapshot of one conversation kept beside its event log: language,
// slots, where the bot waits, who has the chat, a business call in flight. Steps
// are named ("flow.step"), never indexed, so a published change to the flows keeps
// every conversation where it was. Serialised into the Store's snapshot in a tagged
// format that later versions can extend (session_state.cc has the grammar).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/event.h"
#include "switchboard/status.h"

namespace switchboard {

// An http step's call, committed before it is made. The engine makes it after the
// commit, outside the optimistic-concurrency retry, and feeds its outcome back as a
// continuation turn; a process that dies in between leaves this record behind, and
// the next process to load the conversation after `lease_until_ms` makes the call
// again with the same idempotency key.
struct PendingCall {
  std::string step;             // the http step, "flow.step"
  std::string idempotency_key;  // the same for every attempt of this call
  int64_t lease_until_ms = 0;   // until then, the process that committed it owns it
  int takeovers = 0;            // times another process took it over
  std::string message_id;       // the customer's message that led to it ("" if none)

  bool operator==(const PendingCall&) const = default;
};

// Who is answering the customer.
enum class Handler : uint8_t {
  kBot = 0,
  kQueued = 1,    // handed off; waiting for an operator
  kOperator = 2,  // an operator has the chat
};

struct SessionState {
  std::string language;                      // "" until the first message picks one
  bool language_read = false;                // picked from a customer's text, not a default
  std::map<std::string, std::string> slots;
  // Waiting steps, innermost last: the top is the question being asked now; those
  // below were interrupted and are asked again when the top's flow ends.
  std::vector<std::string> waiting;
  int attempts = 0;        // invalid answers to the top question
  int misses = 0;          // messages in a row that nothing matched
  int options_page = 0;    // which page of a long option list the top question shows
  std::vector<std::string> answered;  // questions answered, for "back" (bounded)
  // Every button of the last turn that showed any: a payload is honoured only when
  // it is one of these. The last `numbered_buttons` of them belong to the latest
  // message and can also be pressed by typing their number or label.
  std::vector<Button> last_buttons;
  int numbered_buttons = 0;
  Handler handler = Handler::kBot;
  std::string operator_id;            // set while handler == kOperator
  int64_t turns = 0;
  std::string current_flow;           // the flow of the last step run, for reports
  std::string entry_text;             // the message that entered the current flow
  std::vector<std::string> prefilled; // questions that already tried entry_text
  std::string channel;                // where the customer wrote from last
  std::string user_id;                // the customer's id on that channel
  std::optional<PendingCall> pending; // an http step's call in flight

  bool with_people() const { return handler != Handler::kBot; }
  bool operator==(const SessionState&) const = default;
};

// The snapshot format is described in session_state.cc.
std::string SessionStateToSnapshot(const SessionState& state);
// An empty snapshot is a new conversation. InvalidArgument for anything that is not
// a well-formed snapshot of this or an earlier format; counters out of range are
// refused, never trusted.
Result<SessionState> SessionStateFromSnapshot(std::string_view snapshot);

}  // namespace switchboard
