// Thresholds, near-ties and priorities: see intent_decision.h.
#include "dialog/intent_decision.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "match/word_roles.h"

namespace switchboard {
namespace {

constexpr size_t kMaxChoices = 3;
constexpr size_t kMaxFurtherQuestions = 2;

// The clause a candidate's question is asked in: where most of its words are ("хочу
// записаться на маникюр, сколько стоит?": the prices are asked in the second, though
// "маникюр" comes from the first); on a tie, the earlier clause.
int HomeClause(const MatchCandidate& c) {
  int home = -1;
  int home_count = 0;
  for (const WordMatch& w : c.words) {
    int count = 0;
    for (const WordMatch& other : c.words) count += other.clause == w.clause ? 1 : 0;
    if (count > home_count || (count == home_count && w.clause < home)) {
      home = w.clause;
      home_count = count;
    }
  }
  return home;
}

// Where a candidate's question begins: its home clause, then its first word there.
std::pair<int, int> QuestionStart(const MatchCandidate& c) {
  const int home = HomeClause(c);
  int first = 1 << 30;
  for (const WordMatch& w : c.words) {
    if (w.clause == home) first = std::min(first, w.position);
  }
  return {home, first};
}

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

std::vector<const MatchCandidate*> FurtherQuestions(const FlowProgram& program, const MatchResult& match,
                                                    const MatchCandidate& chosen) {
  std::vector<const MatchCandidate*> further;
  auto answers = [&](const MatchCandidate& c) {
    return !IsCommandTarget(c.target) && c.target >= 0 && c.target < static_cast<int>(program.flows.size()) &&
           program.flows[c.target].resume;
  };
  if (match.candidates.size() < 2 || !answers(chosen) || chosen.words.empty()) return further;
  // The message words already explained; a handful, so a vector of views into `match`.
  std::vector<std::string_view> used;
  for (const WordMatch& w : chosen.words) used.push_back(w.message_word);
  auto is_used = [&](std::string_view word) { return std::find(used.begin(), used.end(), word) != used.end(); };
  std::vector<int> used_clauses = {HomeClause(chosen)};
  const MatchCandidate* further_form = nullptr;
  for (const MatchCandidate& c : match.candidates) {
    if (further.size() + (further_form != nullptr) == kMaxFurtherQuestions) break;
    const bool form = !answers(c);
    if (&c == &chosen || c.target == chosen.target || c.regex || c.words.empty() || (form && further_form)) {
      continue;
    }
    if (c.score < MatchThreshold(program, c.target)) continue;
    bool disjoint = true;
    bool says_more_than_framing = false;
    // Another question is another clause: "хороший парикмахер есть?" asks one
    // thing, though "хороший" alone would be an acknowledgement.
    const int home = HomeClause(c);
    if (std::find(used_clauses.begin(), used_clauses.end(), home) != used_clauses.end()) continue;
    for (const WordMatch& w : c.words) {
      if (is_used(w.message_word)) disjoint = false;
      if (match::RoleOf(w.message_word) == match::WordRole::kContent) says_more_than_framing = true;
    }
    if (!disjoint || !says_more_than_framing) continue;
    used_clauses.push_back(home);
    for (const WordMatch& w : c.words) used.push_back(w.message_word);
    if (form) {
      further_form = &c;
    } else {
      further.push_back(&c);
    }
  }
  // A form ("хочу записаться на маникюр, сколько стоит?") comes after the answers.
  if (further_form != nullptr) further.push_back(further_form);
  return further;
}

std::vector<const MatchCandidate*> QuestionsInOrder(const FlowProgram& program, const MatchResult& match,
                                                    const MatchCandidate& chosen) {
  std::vector<const MatchCandidate*> questions = FurtherQuestions(program, match, chosen);
  if (questions.empty()) return {&chosen};
  // Forms are last in FurtherQuestions (at most one); the answers before it take
  // the order of the message.
  const bool form_last = !program.flows[questions.back()->target].resume;
  questions.insert(questions.begin(), &chosen);
  auto answers_end = form_last ? questions.end() - 1 : questions.end();
  std::stable_sort(questions.begin(), answers_end,
                   [](const MatchCandidate* a, const MatchCandidate* b) { return QuestionStart(*a) < QuestionStart(*b); });
  return questions;
}

}  // namespace switchboard
