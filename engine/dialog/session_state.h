// The compact snapshot of one conversation kept beside its event log: language,
// slots, where the bot waits, how many misses in a row. Steps are named
// ("flow.step"), never indexed, so a published change to the flows keeps every
// conversation where it was. Serialised into the Store's snapshot.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/event.h"
#include "switchboard/status.h"

namespace switchboard {

struct SessionState {
  std::string language;                      // "" until the first message picks one
  std::map<std::string, std::string> slots;
  // Waiting steps, innermost last: the top is the question being asked now; those
  // below were interrupted and are asked again when the top's flow ends.
  std::vector<std::string> waiting;
  int attempts = 0;        // invalid answers to the top question
  int misses = 0;          // messages in a row that nothing matched
  int options_page = 0;    // which page of a long option list the top question shows
  std::vector<std::string> answered;  // questions answered, for "back" (bounded)
  std::vector<Button> last_buttons;   // the buttons shown last: "2" or a label press them
  bool with_operator = false;         // handed off: the bot stays quiet
  int64_t turns = 0;
  std::string current_flow;           // the flow of the last step run, for reports
  std::string entry_text;             // the message that entered the current flow
  std::vector<std::string> prefilled; // questions that already tried entry_text

  bool operator==(const SessionState&) const = default;
};

// The snapshot format is described in session_state.cc.
std::string SessionStateToSnapshot(const SessionState& state);
// An empty snapshot is a new conversation.
Result<SessionState> SessionStateFromSnapshot(std::string_view snapshot);

}  // namespace switchboard
