// The explanation shared by `explain` and `eval`: see explanation.h.
#include "explanation.h"

#include <algorithm>
#include <cmath>

#include "dialog/command_fit.h"
#include "dialog/intent_decision.h"
#include "flow/flow_program.h"
#include "switchboard/engine.h"

namespace switchboard::cli {
namespace {

// Scores are shown within 0..1, to three places. A flow's priority adds a little
// to its score to settle near-ties, which may lift a full match past 1.
double ShownScore(double score) { return std::round(std::clamp(score, 0.0, 1.0) * 1000) / 1000; }

std::string_view KindName(WordMatchKind kind) {
  switch (kind) {
    case WordMatchKind::kExact: return "exact";
    case WordMatchKind::kStem: return "stem";
    case WordMatchKind::kSynonym: return "synonym";
    case WordMatchKind::kTypo: return "typo";
    case WordMatchKind::kTranslit: return "translit";
    case WordMatchKind::kLayout: return "layout";
  }
  return "?";
}

}  // namespace

std::string TargetName(const FlowProgram& p, int target) {
  if (IsCommandTarget(target)) {
    static constexpr const char* kNames[] = {"start", "menu", "cancel", "back", "operator"};
    return std::string("command:") + kNames[static_cast<int>(p.commands[CommandOf(target)].kind)];
  }
  return p.flows[target].id;
}

namespace {

nlohmann::json Describe(const FlowProgram& p, const MatchCandidate& c) {
  nlohmann::json j{{"intent", TargetName(p, c.target)}, {"score", ShownScore(c.score)}};
  if (c.trigger >= 0 && static_cast<size_t>(c.trigger) < p.intent_triggers.size()) {
    const TriggerAst& t = p.intent_triggers[c.trigger];
    static constexpr const char* kKinds[] = {"keyword", "phrase", "regex"};
    j["trigger"] = {{"kind", kKinds[static_cast<int>(t.kind)]}, {"text", t.text}};
    if (!t.pos.file.empty()) j["trigger"]["at"] = t.pos.file + ":" + std::to_string(t.pos.line);
  }
  if (!c.language.empty()) j["language"] = c.language;
  nlohmann::json words = nlohmann::json::array();
  for (const WordMatch& w : c.words) {
    words.push_back({{"trigger_word", w.trigger_word}, {"message_word", w.message_word},
                     {"how", KindName(w.kind)}, {"weight", std::round(w.weight * 100) / 100}});
  }
  if (!words.empty()) j["words"] = words;
  if (c.regex) j["regex"] = true;
  if (!c.captures.empty()) {
    nlohmann::json captures = nlohmann::json::object();
    for (const auto& [k, v] : c.captures) captures[k] = v;
    j["captures"] = captures;
  }
  return j;
}

// A command that jumps into a flow lands there ("оператор" is the operator flow).
std::string LandingName(const FlowProgram& p, int target) {
  if (IsCommandTarget(target)) {
    int step = p.commands[CommandOf(target)].target;
    if (step != kNoStep) return p.flows[p.steps[step].flow].id;
  }
  return TargetName(p, target);
}

}  // namespace

Explanation ExplainMessage(const FlowProgram& p, const std::string& message) {
  Explanation e;
  MatchResult r = p.intents->Match(message, 0.3);
  DropUnfitCommands(&r, message);
  IntentDecision decision = DecideIntent(p, r);
  nlohmann::json j{{"message", message}};
  const MatchCandidate* best = nullptr;
  // The further questions the same message asks, answered in the same turn.
  std::vector<const MatchCandidate*> also;
  switch (decision.kind) {
    case IntentDecision::Kind::kMatch:
      also = QuestionsInOrder(p, r, *decision.chosen);
      best = also.front();  // the first question asked
      also.erase(also.begin());
      e.decision = "match";
      break;
    case IntentDecision::Kind::kAskWhich: {
      best = decision.choices[0];
      e.decision = "ask_which";
      nlohmann::json choices = nlohmann::json::array();
      for (const MatchCandidate* c : decision.choices) {
        choices.push_back(TargetName(p, c->target));
        e.choices.push_back(LandingName(p, c->target));
      }
      j["choices"] = choices;
      break;
    }
    case IntentDecision::Kind::kNone:
      e.decision = "fallback";
      break;
  }
  if (best != nullptr) {
    e.intent = TargetName(p, best->target);
    e.lands_in = LandingName(p, best->target);
    j["intent"] = e.intent;
    j["score"] = ShownScore(best->score);
    j["why"] = Describe(p, *best);
    if (!also.empty()) {
      nlohmann::json names = nlohmann::json::array();
      for (const MatchCandidate* c : also) names.push_back(TargetName(p, c->target));
      j["also"] = names;
    }
  } else {
    j["intent"] = nullptr;
    j["score"] = r.candidates.empty() ? 0.0 : ShownScore(r.candidates[0].score);
  }
  nlohmann::json runners = nlohmann::json::array();
  for (const MatchCandidate& c : r.candidates) {
    if (&c == best) continue;
    if (runners.size() == 3) break;
    runners.push_back(Describe(p, c));
  }
  j["runners_up"] = runners;
  if (!r.script_language.empty()) j["script"] = r.script_language;
  // Words the bot has never heard of count against every answer.
  if (!r.unknown_words.empty()) j["unknown_words"] = r.unknown_words;
  j["decision"] = e.decision;
  e.line = std::move(j);
  return e;
}

}  // namespace switchboard::cli
