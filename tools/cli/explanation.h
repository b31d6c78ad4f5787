// What the bot makes of one customer message, as `explain` prints it and `eval`
// scores it: the decision (match, ask_which, fallback), the intent, and the JSON
// line with the evidence for and against. One place, so that both commands agree
// with each other and with the runtime (DecideIntent).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace switchboard {
class FlowProgram;
}

namespace switchboard::cli {

struct Explanation {
  std::string decision;              // "match", "ask_which" or "fallback"
  std::string intent;                // the chosen (or first asked) intent; "" on fallback
  std::vector<std::string> choices;  // ask_which: the intents offered
  std::string lands_in;              // where `intent` leads: a command's flow, else `intent`
  nlohmann::json line;               // the JSON object `explain` prints
};

// Matches `message` against the program's flows and commands. Thread-compatible.
Explanation ExplainMessage(const FlowProgram& program, const std::string& message);

// A flow's id, or "command:NAME" for a global command.
std::string TargetName(const FlowProgram& program, int target);

}  // namespace switchboard::cli
