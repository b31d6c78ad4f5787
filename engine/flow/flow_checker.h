// Whole-bot checks on loaded flow sources: duplicate ids, goto targets, menus,
// regexes, slots used before they can be set, waiting steps with no way out, loops
// that never wait for input, unreachable steps and unused flows. Every finding is
// reported at once, each with its own code.
#pragma once

#include <vector>

#include "flow/flow_ast.h"
#include "switchboard/diagnostic.h"

namespace switchboard {

// Returns every problem found in `sources` (errors and warnings). Pure function;
// safe to call from several threads on different or shared const sources.
std::vector<Diagnostic> CheckBot(const BotSources& sources);

}  // namespace switchboard
