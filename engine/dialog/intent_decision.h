// What the bot makes of a match: one intent, a question which of a few was meant,
// or nothing (the fallback). Shared by the runtime and by `explain`, so that what
// staff see is what customers get.
#pragma once

#include <vector>

#include "flow/flow_program.h"
#include "match/matcher.h"

namespace switchboard {

struct IntentDecision {
  enum class Kind { kNone, kMatch, kAskWhich };
  Kind kind = Kind::kNone;
  const MatchCandidate* chosen = nullptr;        // kMatch
  std::vector<const MatchCandidate*> choices;    // kAskWhich: best first
};

// Rules, in order: nothing at or above bot.match_threshold is kNone; a command or a
// regex hit at the top is taken; otherwise every flow within bot.ambiguity_margin of
// the best is a contender, the contenders of the highest flow priority remain, and
// one left is taken while several are asked about (at most three).
// The result points into `match`.
IntentDecision DecideIntent(const FlowProgram& program, const MatchResult& match);

}  // namespace switchboard
