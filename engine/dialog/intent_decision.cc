// Threshold, near-ties and priorities: see intent_decision.h.
#include "dialog/intent_decision.h"

#include <algorithm>

namespace switchboard {

IntentDecision DecideIntent(const FlowProgram& program, const MatchResult& match) {
  constexpr size_t kMaxChoices = 3;
  IntentDecision decision;
  const double threshold = program.bot.match_threshold;
  if (match.candidates.empty() || match.candidates[0].score < threshold) return decision;
  const MatchCandidate& best = match.candidates[0];
  if (IsCommandTarget(best.target) || best.regex) {
    decision.kind = IntentDecision::Kind::kMatch;
    decision.chosen = &best;
    return decision;
  }
  const double floor = std::max(threshold, best.score - program.bot.ambiguity_margin);
  std::vector<const MatchCandidate*> contenders;
  int top_priority = program.flows[best.target].priority;
  for (const MatchCandidate& c : match.candidates) {
    if (c.score < floor) break;  // candidates come best first
    if (IsCommandTarget(c.target)) continue;
    contenders.push_back(&c);
    top_priority = std::max(top_priority, program.flows[c.target].priority);
  }
  std::erase_if(contenders, [&](const MatchCandidate* c) {
    return program.flows[c->target].priority != top_priority;
  });
  if (contenders.size() == 1) {
    decision.kind = IntentDecision::Kind::kMatch;
    decision.chosen = contenders[0];
    return decision;
  }
  decision.kind = IntentDecision::Kind::kAskWhich;
  contenders.resize(std::min(contenders.size(), kMaxChoices));
  decision.choices = std::move(contenders);
  return decision;
}

}  // namespace switchboard
