// Thresholds, near-ties and priorities: see intent_decision.h.
#include "dialog/intent_decision.h"

#include <algorithm>

namespace switchboard {
namespace {

constexpr size_t kMaxChoices = 3;

double MatchThreshold(const FlowProgram& p, int target) {
  return IsCommandTarget(target) ? p.bot.match_threshold : p.flows[target].match_threshold;
}

double AskThreshold(const FlowProgram& p, int target) {
  return IsCommandTarget(target) ? p.bot.match_threshold : p.flows[target].ask_threshold;
}

}  // namespace

IntentDecision DecideIntent(const FlowProgram& program, const MatchResult& match) {
  IntentDecision decision;
  if (match.candidates.empty()) return decision;
  const MatchCandidate& best = match.candidates[0];
  const bool confident = best.score >= MatchThreshold(program, best.target);
  if (!confident && best.score < AskThreshold(program, best.target)) return decision;
  if (confident && (IsCommandTarget(best.target) || best.regex)) {
    decision.kind = IntentDecision::Kind::kMatch;
    decision.chosen = &best;
    return decision;
  }
  // Contenders: the flows within the margin of the best that pass their own bar
  // (the confident one when the best is confident, the ask-back one otherwise).
  auto bar = [&](int target) {
    return confident ? MatchThreshold(program, target) : AskThreshold(program, target);
  };
  const double floor = best.score - program.bot.ambiguity_margin;
  std::vector<const MatchCandidate*> contenders;
  int top_priority = -1000;
  for (const MatchCandidate& c : match.candidates) {
    if (c.score < floor) break;  // candidates come best first
    if (IsCommandTarget(c.target) || c.score < bar(c.target)) continue;
    contenders.push_back(&c);
    top_priority = std::max(top_priority, program.flows[c.target].priority);
  }
  std::erase_if(contenders, [&](const MatchCandidate* c) {
    return program.flows[c->target].priority != top_priority;
  });
  if (contenders.empty()) return decision;
  if (contenders.size() == 1 && confident) {
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
