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

// Three bands. A flow's score at or above its match_threshold (the flow's own, or
// the bot's) is confident; from its ask_threshold up to there, unsure; below, nothing.
// Rules, in order: no candidate in any band is kNone; a confident command or regex
// hit at the top is taken; otherwise every flow within bot.ambiguity_margin of the
// best that is in the best's band is a contender, and those of the highest flow
// priority remain. One confident contender is taken; several, or an unsure one, are
// asked about (at most three): the answer is one tap away. A command is never
// asked about. The result points into `match`.
IntentDecision DecideIntent(const FlowProgram& program, const MatchResult& match);

// The other questions one message clearly asks besides `chosen` ("сколько стоит
// маникюр и до скольки вы работаете"): flows each confident on its own, each
// explained by words of the message in clauses that no earlier one used (clauses:
// see WordMatch::clause) and that are more than framing ("спасибо"). Answer flows (resume: true) best first, then at most one form
// (resume: false: "хочу записаться на маникюр, сколько стоит?" gets the prices, then
// the booking); at most two in all; empty when `chosen` is not an answer flow. The
// result points into `match`.
std::vector<const MatchCandidate*> FurtherQuestions(const FlowProgram& program, const MatchResult& match,
                                                    const MatchCandidate& chosen);

// Everything one message asks, in the order to answer it: `chosen` and its
// FurtherQuestions, the answers in the order the message asks them ("сколько стоит
// маникюр и до скольки вы работаете": prices, then hours), a form last. The first
// is what the turn is about. The result points into `match` (or is `chosen`).
std::vector<const MatchCandidate*> QuestionsInOrder(const FlowProgram& program, const MatchResult& match,
                                                    const MatchCandidate& chosen);

}  // namespace switchboard
