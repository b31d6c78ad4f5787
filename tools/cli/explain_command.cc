// `switchboard explain DIR`: reads customer messages, one per line, and prints one
// JSON object per line: the intent matched (a flow id, a command, or null), its
// score, the runners-up, the decision the bot would take, and why (which words,
// stems, typos, synonyms, transliterations, regex captures).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "dialog/intent_decision.h"
#include "flow/flow_program.h"
#include "switchboard/engine.h"

namespace switchboard::cli {
namespace {

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

std::string TargetName(const FlowProgram& p, int target) {
  if (IsCommandTarget(target)) {
    static constexpr const char* kNames[] = {"start", "menu", "cancel", "back", "operator"};
    return std::string("command:") + kNames[static_cast<int>(p.commands[CommandOf(target)].kind)];
  }
  return p.flows[target].id;
}

nlohmann::json Describe(const FlowProgram& p, const MatchCandidate& c) {
  nlohmann::json j{{"intent", TargetName(p, c.target)}, {"score", std::round(c.score * 1000) / 1000}};
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

}  // namespace

int Explain(const Args& args) {
  std::vector<std::string> dirs = Positional(args);
  if (dirs.size() != 1) {
    std::fputs("usage: switchboard explain DIR < messages.txt\n", stderr);
    return 2;
  }
  std::shared_ptr<const FlowProgram> program = LoadProgramOrReport(dirs[0]);
  if (!program) return 1;
  const FlowProgram& p = *program;
  std::ios::sync_with_stdio(false);
  std::string line;
  std::string out;
  while (std::getline(std::cin, line)) {
    MatchResult r = p.intents->Match(line, 0.3);
    IntentDecision decision = DecideIntent(p, r);
    nlohmann::json j{{"message", line}};
    const MatchCandidate* best = nullptr;
    switch (decision.kind) {
      case IntentDecision::Kind::kMatch:
        best = decision.chosen;
        j["decision"] = "match";
        break;
      case IntentDecision::Kind::kAskWhich: {
        best = decision.choices[0];
        j["decision"] = "ask_which";
        nlohmann::json choices = nlohmann::json::array();
        for (const MatchCandidate* c : decision.choices) choices.push_back(TargetName(p, c->target));
        j["choices"] = choices;
        break;
      }
      case IntentDecision::Kind::kNone:
        j["decision"] = "fallback";
        break;
    }
    if (best != nullptr) {
      j["intent"] = TargetName(p, best->target);
      j["score"] = std::round(best->score * 1000) / 1000;
      j["why"] = Describe(p, *best);
    } else {
      j["intent"] = nullptr;
      j["score"] = r.candidates.empty() ? 0.0 : std::round(r.candidates[0].score * 1000) / 1000;
    }
    nlohmann::json runners = nlohmann::json::array();
    for (const MatchCandidate& c : r.candidates) {
      if (&c == best) continue;
      if (runners.size() == 3) break;
      runners.push_back(Describe(p, c));
    }
    j["runners_up"] = runners;
    if (!r.script_language.empty()) j["script"] = r.script_language;
    out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace switchboard::cli
