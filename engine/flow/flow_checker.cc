// The bot checker. Steps of all flows are numbered into one graph (node = step);
// each step's successors are its fall-through, goto, branches, on_fail, step-local
// triggers and button gotos. On that graph: reachability (warnings), a may-be-set
// dataflow for slots, reverse reachability of exits for waiting steps, and strongly
// connected components of the non-waiting steps for loops without input.
#include "flow/flow_checker.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "flow/button_rules.h"
#include "flow/edit_distance.h"
#include "flow/source_guard.h"
#include "flow/template.h"
#include "match/regex_set.h"

namespace switchboard {
namespace {

constexpr int kNone = -1;

struct Node {
  int flow = 0;
  int step = 0;
  std::vector<int> next;  // successors (any flow)
  bool exits = false;     // ends, hands off, falls off the flow, or leaves it
  bool waits = false;     // ask, or say with goto-buttons
  std::set<std::string> sets;  // slots this step fills
};

class Checker {
 public:
  explicit Checker(const BotSources& s) : src_(s) {}

  std::vector<Diagnostic> Run() {
    IndexIds();
    BuildGraph();
    CheckMenusAndCommands();
    CheckButtons();
    CheckRegexes();
    CheckReachability();
    CheckSlots();
    CheckWayOut();
    CheckLoops();
    CheckStart();
    return std::move(out_);
  }

 private:
  // --- helpers ---------------------------------------------------------------

  void Report(Severity severity, const SourcePos& pos, const std::string& code,
              const std::string& message, const std::string& hint = "") {
    out_.push_back({severity, pos.file, pos.line, pos.column, code, message, hint});
  }
  void Error(const SourcePos& pos, const std::string& code, const std::string& message,
             const std::string& hint = "") {
    Report(Severity::kError, pos, code, message, hint);
  }
  void Warn(const SourcePos& pos, const std::string& code, const std::string& message,
            const std::string& hint = "") {
    Report(Severity::kWarning, pos, code, message, hint);
  }
  static std::string Mean(const std::string& close) {
    return close.empty() ? "" : "did you mean '" + close + "'?";
  }
  const StepAst& StepOf(int node) const {
    return src_.flows[nodes_[node].flow].steps[nodes_[node].step];
  }
  std::string StepName(int node) const {
    const StepAst& s = StepOf(node);
    return "step '" + s.id + "' of flow '" + src_.flows[nodes_[node].flow].id + "'";
  }
  int NodeOf(int flow, int step) const { return first_node_[flow] + step; }

  // --- ids -------------------------------------------------------------------

  void IndexIds() {
    first_node_.resize(src_.flows.size());
    step_index_.resize(src_.flows.size());
    for (size_t f = 0; f < src_.flows.size(); ++f) {
      const FlowAst& flow = src_.flows[f];
      first_node_[f] = static_cast<int>(nodes_.size());
      for (size_t s = 0; s < flow.steps.size(); ++s) {
        nodes_.push_back({static_cast<int>(f), static_cast<int>(s), {}, false, false, {}});
      }
      if (flow.id.empty()) continue;
      auto [it, inserted] = flow_index_.emplace(flow.id, static_cast<int>(f));
      if (!inserted) {
        const SourcePos& first = src_.flows[it->second].pos;
        Error(flow.pos, "duplicate-flow",
              "flow '" + flow.id + "' is defined twice (first in " + first.file + " at line " +
                  std::to_string(first.line) + ")",
              "rename one of them");
      }
      flow_ids_.push_back(flow.id);
      for (size_t s = 0; s < flow.steps.size(); ++s) {
        const StepAst& step = flow.steps[s];
        if (!step.id_written || step.id.empty()) continue;
        auto [sit, sinserted] = step_index_[f].emplace(step.id, static_cast<int>(s));
        if (!sinserted) {
          Error(step.pos, "duplicate-step",
                "step id '" + step.id + "' is used twice in flow '" + flow.id +
                    "' (first at line " + std::to_string(flow.steps[sit->second].pos.line) + ")",
                "rename one of them");
        }
      }
    }
    for (size_t m = 0; m < src_.menus.size(); ++m) {
      const MenuAst& menu = src_.menus[m];
      auto [it, inserted] = menu_index_.emplace(menu.id, static_cast<int>(m));
      if (!inserted) {
        const SourcePos& first = src_.menus[it->second].pos;
        Error(menu.pos, "duplicate-menu",
              "menu '" + menu.id + "' is defined twice (first in " + first.file + " at line " +
                  std::to_string(first.line) + ")");
      } else {
        menu_ids_.push_back(menu.id);
      }
    }
  }

  std::vector<std::string> WrittenStepIds(int flow) const {
    std::vector<std::string> ids;
    for (const auto& [id, s] : step_index_[flow]) ids.push_back(id);
    return ids;
  }

  // The node a target names, or kNone (reported once here). `flow` is the flow the
  // target is written in, or kNone for menus, commands, fallback.
  int Resolve(const TargetAst& t, int flow) {
    if (t.empty()) return kNone;
    size_t dot = t.target.find('.');
    if (dot != std::string::npos) {
      std::string flow_id = t.target.substr(0, dot);
      std::string step_id = t.target.substr(dot + 1);
      auto fit = flow_index_.find(flow_id);
      if (fit == flow_index_.end()) {
        Error(t.pos, "unknown-flow", "flow '" + flow_id + "' not found",
              Mean(ClosestMatch(flow_id, flow_ids_)));
        return kNone;
      }
      auto sit = step_index_[fit->second].find(step_id);
      if (sit == step_index_[fit->second].end()) {
        Error(t.pos, "unknown-step", "step '" + step_id + "' not found in flow '" + flow_id + "'",
              Mean(ClosestMatch(step_id, WrittenStepIds(fit->second))));
        return kNone;
      }
      return NodeOf(fit->second, sit->second);
    }
    if (flow != kNone) {
      auto sit = step_index_[flow].find(t.target);
      if (sit != step_index_[flow].end()) return NodeOf(flow, sit->second);
    }
    auto fit = flow_index_.find(t.target);
    if (fit != flow_index_.end()) {
      if (src_.flows[fit->second].steps.empty()) return kNone;
      return NodeOf(fit->second, 0);
    }
    if (flow == kNone) {
      Error(t.pos, "unknown-flow", "flow '" + t.target + "' not found",
            Mean(ClosestMatch(t.target, flow_ids_)));
    } else {
      std::vector<std::string> candidates = WrittenStepIds(flow);
      candidates.insert(candidates.end(), flow_ids_.begin(), flow_ids_.end());
      Error(t.pos, "unknown-step",
            "step '" + t.target + "' not found in flow '" + src_.flows[flow].id +
                "' (and no flow has that name)",
            Mean(ClosestMatch(t.target, candidates)));
    }
    return kNone;
  }

  // --- graph -------------------------------------------------------------------

  // Resolved targets of a menu's buttons (menus are resolved once, globally).
  std::vector<int> MenuTargets(const std::string& id) {
    auto cached = menu_targets_.find(id);
    if (cached != menu_targets_.end()) return cached->second;
    std::vector<int> targets;
    auto it = menu_index_.find(id);
    if (it != menu_index_.end()) {
      for (const ButtonAst& b : src_.menus[it->second].buttons) {
        int n = Resolve(b.go, kNone);
        if (n != kNone) targets.push_back(n);
      }
    }
    menu_targets_[id] = targets;
    return targets;
  }

  void AddEdge(int from, int to) {
    if (to == kNone) return;
    nodes_[from].next.push_back(to);
    if (nodes_[to].flow != nodes_[from].flow) {
      nodes_[from].exits = true;
      referenced_from_outside_.insert(to);
    }
  }

  void FallThrough(int node) {
    const FlowAst& flow = src_.flows[nodes_[node].flow];
    if (nodes_[node].step + 1 < static_cast<int>(flow.steps.size())) {
      AddEdge(node, node + 1);
    } else {
      nodes_[node].exits = true;  // falls off the end: the flow ends
    }
  }

  void BuildGraph() {
    for (size_t n = 0; n < nodes_.size(); ++n) {
      int node = static_cast<int>(n);
      int flow = nodes_[n].flow;
      const StepAst& step = StepOf(node);
      for (const LocalTriggerAst& local : step.on) AddEdge(node, Resolve(local.go, flow));
      switch (step.kind) {
        case StepKind::kSay: {
          bool waits = false;
          for (const ButtonAst& b : step.buttons) {
            if (b.go.empty()) continue;
            waits = true;
            AddEdge(node, Resolve(b.go, flow));
          }
          if (!step.menu.empty()) {
            if (!menu_index_.count(step.menu)) {
              Error(step.menu_pos, "unknown-menu", "menu '" + step.menu + "' not found",
                    Mean(ClosestMatch(step.menu, menu_ids_)));
            }
            for (int t : MenuTargets(step.menu)) {
              waits = true;
              AddEdge(node, t);
            }
          }
          nodes_[n].waits = waits;
          FallThrough(node);
          break;
        }
        case StepKind::kAsk:
          nodes_[n].waits = true;
          nodes_[n].sets.insert(step.slot);
          // Choices and dates also set <slot>_label (the option's label, the day in words).
          if (step.slot_type == SlotType::kChoice || step.slot_type == SlotType::kDate) {
            nodes_[n].sets.insert(step.slot + "_label");
          }
          if (step.on_fail.empty()) {
            nodes_[n].exits = true;  // hands off to an operator after max_attempts
          } else {
            AddEdge(node, Resolve(step.on_fail, flow));
          }
          FallThrough(node);
          break;
        case StepKind::kSet:
          for (const auto& [slot, value] : step.assignments) nodes_[n].sets.insert(slot);
          FallThrough(node);
          break;
        case StepKind::kIf:
          for (const BranchAst& b : step.branches) AddEdge(node, Resolve(b.go, flow));
          if (step.otherwise.empty()) {
            FallThrough(node);
          } else {
            AddEdge(node, Resolve(step.otherwise, flow));
          }
          break;
        case StepKind::kGoto:
          AddEdge(node, Resolve(step.go, flow));
          break;
        case StepKind::kHandoff:
        case StepKind::kEnd:
          nodes_[n].exits = true;
          break;
        case StepKind::kHttp:
          CheckService(step.http);
          for (const auto& [slot, pointer] : step.http.save) nodes_[n].sets.insert(slot);
          for (const auto& [slot, pointer] : step.http.save_error) nodes_[n].sets.insert(slot);
          nodes_[n].sets.insert("http_status");
          nodes_[n].sets.insert("http_error");
          for (const auto& [status, target] : step.http.on_status) AddEdge(node, Resolve(target, flow));
          if (step.http.on_error.empty()) {
            nodes_[n].exits = true;  // the customer is told and offered an operator
          } else {
            AddEdge(node, Resolve(step.http.on_error, flow));
          }
          FallThrough(node);
          break;
      }
    }
  }

  void CheckService(const HttpAst& http) {
    std::vector<std::string> ids;
    for (const ServiceAst& s : src_.services) {
      if (s.id == http.service) return;
      ids.push_back(s.id);
    }
    if (http.service.empty()) return;  // reported by the loader
    Error(http.service_pos, "unknown-service",
          "service '" + http.service + "' is not declared under 'services:'",
          ids.empty() ? "declare it: services: {" + http.service + ": {base_url: ...}}"
                      : Mean(ClosestMatch(http.service, ids)));
  }

  void CheckMenusAndCommands() {
    for (const MenuAst& menu : src_.menus) {
      for (int t : MenuTargets(menu.id)) referenced_from_outside_.insert(t);
    }
    for (const CommandAst& c : src_.commands) {
      int t = Resolve(c.go, kNone);
      if (t != kNone) referenced_from_outside_.insert(t);
    }
    for (const StepAst& step : src_.fallback.levels) {
      std::vector<const TargetAst*> targets;
      for (const ButtonAst& b : step.buttons) targets.push_back(&b.go);
      for (const LocalTriggerAst& l : step.on) targets.push_back(&l.go);
      for (const BranchAst& b : step.branches) targets.push_back(&b.go);
      targets.push_back(&step.go);
      targets.push_back(&step.otherwise);
      targets.push_back(&step.on_fail);
      for (const TargetAst* target : targets) {
        int t = Resolve(*target, kNone);
        if (t != kNone) referenced_from_outside_.insert(t);
      }
      if (!step.menu.empty()) {
        if (!menu_index_.count(step.menu)) {
          Error(step.menu_pos, "unknown-menu", "menu '" + step.menu + "' not found",
                Mean(ClosestMatch(step.menu, menu_ids_)));
        }
      }
    }
    // Duplicate option values.
    auto check_options = [&](const StepAst& step) {
      std::set<std::string> seen;
      for (const ChoiceOptionAst& o : step.options) {
        if (!seen.insert(o.value).second) {
          Error(o.pos, "duplicate-option",
                "option value '" + o.value + "' appears twice in question '" + step.slot + "'");
        }
      }
    };
    for (const FlowAst& flow : src_.flows) {
      for (const StepAst& step : flow.steps) check_options(step);
    }
    for (const StepAst& step : src_.fallback.levels) check_options(step);
  }

  // --- buttons ------------------------------------------------------------------

  void CheckLabelText(const Text& label, const SourcePos& fallback_pos) {
    const SourcePos& pos = label.pos.line > 0 ? label.pos : fallback_pos;
    for (const auto& [lang, text] : label.by_lang) {
      if (std::optional<std::string> problem = CheckLabel(text)) {
        Error(pos, "button-label", *problem, "keep labels short; put the explanation in the message text");
      }
    }
  }

  void CheckStepButtons(const StepAst& step) {
    for (const ButtonAst& b : step.buttons) {
      CheckLabelText(b.label, b.pos);
      if (b.url.empty()) continue;  // a goto button, or reported by the loader
      if (std::optional<std::string> problem = CheckButtonUrl(b.url)) {
        Error(b.pos, "button-url", *problem, "link buttons open http(s), tg, mailto or tel links");
      }
    }
    for (const ChoiceOptionAst& o : step.options) CheckLabelText(o.label, o.pos);
    for (const Text& q : step.quick_replies) CheckLabelText(q, step.pos);
  }

  void CheckButtons() {
    for (const FlowAst& flow : src_.flows) {
      for (const StepAst& step : flow.steps) CheckStepButtons(step);
    }
    for (const StepAst& step : src_.fallback.levels) CheckStepButtons(step);
    for (const MenuAst& menu : src_.menus) {
      StepAst holder;
      holder.buttons = menu.buttons;
      CheckStepButtons(holder);
    }
  }

  // --- regexes ------------------------------------------------------------------

  // Compiles `pattern`; reports RE2's error at `pos`. Fills *groups with the named
  // groups when it compiles.
  void CompileRegex(const std::string& pattern, const SourcePos& pos, const std::string& what,
                    std::set<std::string>* groups) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(match::kRegexPatternMaxMem);  // the matcher's budget: refused here, at its line
    RE2 re(pattern, options);
    if (!re.ok()) {
      Error(pos, "invalid-regex", "invalid " + what + " '" + Fragment(pattern) + "': " + Fragment(re.error(), 120),
            "RE2 syntax: no lookaround or backreferences");
      return;
    }
    if (groups) {
      for (const auto& [name, index] : re.NamedCapturingGroups()) groups->insert(name);
    }
  }

  void CheckRegexes() {
    flow_seeds_.resize(src_.flows.size());
    for (size_t f = 0; f < src_.flows.size(); ++f) {
      const FlowAst& flow = src_.flows[f];
      flow_seeds_[f].insert("lang");
      for (const TriggerAst& t : flow.triggers) {
        if (t.kind == TriggerKind::kRegex) CompileRegex(t.text, t.pos, "regex", &flow_seeds_[f]);
      }
      for (const std::string& slot : flow_seeds_[f]) slot_setters_[slot].insert(static_cast<int>(f));
      for (size_t s = 0; s < flow.steps.size(); ++s) {
        const StepAst& step = flow.steps[s];
        Node& node = nodes_[NodeOf(static_cast<int>(f), static_cast<int>(s))];
        for (const LocalTriggerAst& local : step.on) {
          for (const TriggerAst& t : local.triggers) {
            if (t.kind == TriggerKind::kRegex) CompileRegex(t.text, t.pos, "regex", &node.sets);
          }
        }
        if (!step.validate_regex.empty()) {
          CompileRegex(step.validate_regex, step.validate_pos, "validate pattern", nullptr);
        }
        for (const std::string& slot : node.sets) slot_setters_[slot].insert(static_cast<int>(f));
      }
    }
    for (const CommandAst& c : src_.commands) {
      for (const TriggerAst& t : c.triggers) {
        if (t.kind == TriggerKind::kRegex) CompileRegex(t.text, t.pos, "regex", nullptr);
      }
    }
    for (const StepAst& step : src_.fallback.levels) {
      for (const LocalTriggerAst& local : step.on) {
        for (const TriggerAst& t : local.triggers) {
          if (t.kind == TriggerKind::kRegex) CompileRegex(t.text, t.pos, "regex", nullptr);
        }
      }
    }
  }

  // --- reachability ---------------------------------------------------------------

  void CheckReachability() {
    reachable_.assign(nodes_.size(), false);
    std::vector<int> work;
    for (size_t f = 0; f < src_.flows.size(); ++f) {
      if (!src_.flows[f].steps.empty()) work.push_back(NodeOf(static_cast<int>(f), 0));
    }
    for (int n : referenced_from_outside_) work.push_back(n);
    while (!work.empty()) {
      int n = work.back();
      work.pop_back();
      if (reachable_[n]) continue;
      reachable_[n] = true;
      for (int m : nodes_[n].next) {
        if (nodes_[m].flow == nodes_[n].flow && !reachable_[m]) work.push_back(m);
      }
    }
    for (size_t n = 0; n < nodes_.size(); ++n) {
      if (reachable_[n]) continue;
      Warn(StepOf(static_cast<int>(n)).pos, "unreachable-step",
           StepName(static_cast<int>(n)) + " is never reached: no path leads to it from the "
           "flow's first step, and nothing else jumps to it");
    }
    // Flows nothing can enter.
    std::set<int> entered;
    for (int n : referenced_from_outside_) entered.insert(nodes_[n].flow);
    auto start = flow_index_.find(src_.bot.start_flow);
    if (start != flow_index_.end()) entered.insert(start->second);
    for (size_t f = 0; f < src_.flows.size(); ++f) {
      const FlowAst& flow = src_.flows[f];
      if (flow.triggers.empty() && !entered.count(static_cast<int>(f))) {
        Warn(flow.pos, "unused-flow",
             "flow '" + flow.id + "' has no triggers and nothing jumps to it, so it never runs",
             "add triggers, or a goto, button, menu or command that leads to it");
      }
    }
  }

  // --- slots ----------------------------------------------------------------------

  // Slot uses of a step, in order, each with where it is written; `set` values are
  // listed with the slots assigned before them.
  struct Use {
    std::string slot;
    SourcePos pos;
    std::set<std::string> also_set;  // set earlier in the same step
  };

  void TextUses(const Text& text, std::vector<Use>* uses, const std::set<std::string>& before) {
    for (const auto& [lang, s] : text.by_lang) {
      int column = 0;
      Result<Template> t = ParseTemplate(s, &column);
      if (!t.ok()) {
        if (reported_templates_.insert({text.pos.file, text.pos.line, text.pos.column}).second) {
          Error(text.pos, "bad-template", t.status().message() + " of the text",
                "close it with '}}', or write '\\{{' for literal braces");
        }
        continue;
      }
      for (const std::string& slot : t->required_slots()) uses->push_back({slot, text.pos, before});
    }
  }

  std::vector<Use> StepUses(const StepAst& step) {
    std::vector<Use> uses;
    std::set<std::string> none;
    TextUses(step.text, &uses, none);
    for (const ButtonAst& b : step.buttons) TextUses(b.label, &uses, none);
    for (const Text& q : step.quick_replies) TextUses(q, &uses, none);
    TextUses(step.prompt, &uses, none);
    TextUses(step.retry, &uses, none);
    for (const ChoiceOptionAst& o : step.options) TextUses(o.label, &uses, none);
    if (!step.options_from.empty()) uses.push_back({step.options_from, step.options_from_pos, none});
    if (step.kind == StepKind::kHttp) {
      auto add = [&](const std::string& source) {
        Text t;
        t.by_lang[""] = source;
        t.pos = step.pos;
        TextUses(t, &uses, none);
      };
      add(step.http.path);
      for (const auto& [name, value] : step.http.query) add(value);
      for (const auto& [name, value] : step.http.body) add(value);
    }
    std::set<std::string> assigned;
    for (const auto& [slot, value] : step.assignments) {
      Text t;
      t.by_lang[""] = value;
      t.pos = step.pos;
      TextUses(t, &uses, assigned);
      assigned.insert(slot);  // assignments run in order
    }
    for (const BranchAst& b : step.branches) {
      for (const ClauseAst& c : b.when.all_of) {
        if (c.op == ConditionOp::kIsSet || c.op == ConditionOp::kIsUnset) continue;
        uses.push_back({c.slot, b.when.pos, none});
      }
    }
    return uses;
  }

  void ReportUnset(const Use& use, const std::string& where) {
    Error(use.pos, "slot-unset",
          "slot '" + use.slot + "' is used here, but " + where,
          "ask for it first, give a fallback ({{" + use.slot + "|...}}), or check it with "
          "`if: " + use.slot + "`");
  }

  // May-be-set analysis, one slot at a time: slot x may be set on entry to step n
  // when n lies after (one or more same-flow edges from) a step that sets x and that
  // the flow's first step reaches, or x is set on entry (regex groups, lang). Only
  // slots a flow uses and no other flow sets are traced, so the work is
  // O(traced slots x flow size) with O(flow size) memory; a hostile flow that would
  // exceed kSlotWorkBudget is skipped with a warning instead.
  static constexpr size_t kSlotWorkBudget = 20'000'000;

  void CheckSlots() {
    std::vector<std::vector<Use>> uses(nodes_.size());
    for (size_t n = 0; n < nodes_.size(); ++n) uses[n] = StepUses(StepOf(static_cast<int>(n)));
    for (size_t f = 0; f < src_.flows.size(); ++f) {
      const int flow = static_cast<int>(f);
      const int size = static_cast<int>(src_.flows[f].steps.size());
      if (size == 0) continue;
      const int base = first_node_[f];
      auto same_flow_next = [&](int n, auto&& visit) {
        for (int m : nodes_[n].next) {
          if (nodes_[m].flow == flow) visit(m - base);
        }
      };
      // Steps the entry reaches.
      std::vector<char> from_entry(size, 0);
      std::vector<int> work{0};
      from_entry[0] = 1;
      while (!work.empty()) {
        int i = work.back();
        work.pop_back();
        same_flow_next(base + i, [&](int j) {
          if (!from_entry[j]) {
            from_entry[j] = 1;
            work.push_back(j);
          }
        });
      }
      // Slots worth tracing.
      std::set<std::string> traced;
      for (int i = 0; i < size; ++i) {
        if (!reachable_[base + i]) continue;
        for (const Use& use : uses[base + i]) {
          if (use.slot == "lang" || flow_seeds_[f].count(use.slot) || SetElsewhere(use.slot, flow)) {
            continue;
          }
          traced.insert(use.slot);
        }
      }
      if (traced.size() * static_cast<size_t>(size) > kSlotWorkBudget) {
        Warn(src_.flows[f].pos, "checks-skipped",
             "flow '" + src_.flows[f].id + "' is too large for the slot check; it was skipped");
        continue;
      }
      std::vector<char> may_be_set(size);
      for (const std::string& slot : traced) {
        std::fill(may_be_set.begin(), may_be_set.end(), 0);
        work.clear();
        for (int i = 0; i < size; ++i) {
          if (!from_entry[i] || !nodes_[base + i].sets.count(slot)) continue;
          same_flow_next(base + i, [&](int j) {
            if (!may_be_set[j]) {
              may_be_set[j] = 1;
              work.push_back(j);
            }
          });
        }
        while (!work.empty()) {
          int i = work.back();
          work.pop_back();
          same_flow_next(base + i, [&](int j) {
            if (!may_be_set[j]) {
              may_be_set[j] = 1;
              work.push_back(j);
            }
          });
        }
        for (int i = 0; i < size; ++i) {
          if (!reachable_[base + i] || may_be_set[i]) continue;
          for (const Use& use : uses[base + i]) {
            if (use.slot != slot || use.also_set.count(slot)) continue;
            ReportUnset(use, "no step before it in flow '" + src_.flows[f].id +
                                 "' sets it (ask, set or a regex group), and no other flow does");
            break;  // once per step and slot
          }
        }
      }
    }
    // Menus and fallback run outside any flow: a slot must be set somewhere.
    auto global_check = [&](const std::vector<Use>& global_uses) {
      for (const Use& use : global_uses) {
        if (use.slot == "lang" || !slot_setters_[use.slot].empty()) continue;
        ReportUnset(use, "no flow sets it (ask, set or a regex group)");
      }
    };
    for (const StepAst& step : src_.fallback.levels) global_check(StepUses(step));
    for (const MenuAst& menu : src_.menus) {
      std::vector<Use> menu_uses;
      for (const ButtonAst& b : menu.buttons) TextUses(b.label, &menu_uses, {});
      global_check(menu_uses);
    }
  }

  bool SetElsewhere(const std::string& slot, int flow) const {
    auto it = slot_setters_.find(slot);
    if (it == slot_setters_.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(), [&](int g) { return g != flow; });
  }

  // --- way out and loops ------------------------------------------------------------

  void CheckWayOut() {
    std::vector<std::vector<int>> prev(nodes_.size());
    std::vector<int> work;
    for (size_t n = 0; n < nodes_.size(); ++n) {
      for (int m : nodes_[n].next) prev[m].push_back(static_cast<int>(n));
      if (nodes_[n].exits) work.push_back(static_cast<int>(n));
    }
    std::vector<bool> can_exit(nodes_.size(), false);
    for (int n : work) can_exit[n] = true;
    while (!work.empty()) {
      int n = work.back();
      work.pop_back();
      for (int p : prev[n]) {
        if (!can_exit[p]) {
          can_exit[p] = true;
          work.push_back(p);
        }
      }
    }
    for (size_t n = 0; n < nodes_.size(); ++n) {
      if (!nodes_[n].waits || can_exit[n]) continue;
      Error(StepOf(static_cast<int>(n)).pos, "no-way-out",
            StepName(static_cast<int>(n)) + " waits for input, but no path from it reaches an "
            "end, a handoff, the end of the flow or another flow",
            "add an end or handoff step, or a goto out of the loop");
    }
  }

  // --- loops that never wait -------------------------------------------------------
  //
  // A step runs "at once" when it can pass without a message from the customer:
  // every step but a say with buttons and an ask; an ask too when it may be skipped
  // (skip_if_set: its slot may hold a value). Prefill does not count: the runtime
  // fills a question from the entering message at most once per entry, so a loop
  // through it waits on its second pass. Edges taken at once are the ones that need no message: not the
  // buttons, step triggers or on_fail of a waiting step. A loop of such steps runs
  // until the runtime's step cap. A skip_if_set ask asks for real on its second
  // pass unless its slot stays set around the loop, so the loops are refined: an
  // ask whose every loop clears its slot (`set: {slot: ""}`) counts as waiting.

  bool MaySkip(const StepAst& step) const {
    return step.kind == StepKind::kAsk && step.skip_if_set;
  }

  // Successors of `node` taken without a message; empty for a step that waits.
  std::vector<int> InstantNext(int node) const {
    const StepAst& step = StepOf(node);
    bool waits = nodes_[node].waits;
    if (step.kind == StepKind::kSay || step.kind == StepKind::kAsk) {
      if (waits && !MaySkip(step)) return {};
      const FlowAst& flow = src_.flows[nodes_[node].flow];
      if (nodes_[node].step + 1 < static_cast<int>(flow.steps.size())) return {node + 1};
      return {};
    }
    return nodes_[node].next;
  }

  // Slots a step clears (`set: {slot: ""}`).
  std::set<std::string> Clears(int node) const {
    std::set<std::string> out;
    const StepAst& step = StepOf(node);
    if (step.kind != StepKind::kSet) return out;
    for (const auto& [slot, value] : step.assignments) {
      if (value.empty()) out.insert(slot);
    }
    return out;
  }

  // Strongly connected components of the steps `alive` allows, over `edges`
  // (Tarjan's algorithm, iteratively). Returns the components that hold a loop.
  std::vector<std::vector<int>> Loops(const std::vector<std::vector<int>>& edges,
                                      const std::vector<char>& alive) const {
    const int count = static_cast<int>(edges.size());
    std::vector<int> index(count, -1), low(count, 0);
    std::vector<char> on_stack(count, 0);
    std::vector<int> stack;
    std::vector<std::vector<int>> loops;
    int next_index = 0;
    struct Frame {
      int node;
      size_t edge;
    };
    for (int root = 0; root < count; ++root) {
      if (!alive[root] || index[root] != -1) continue;
      std::vector<Frame> call{{root, 0}};
      index[root] = low[root] = next_index++;
      stack.push_back(root);
      on_stack[root] = 1;
      while (!call.empty()) {
        Frame& fr = call.back();
        const std::vector<int>& next = edges[fr.node];
        if (fr.edge < next.size()) {
          int m = next[fr.edge++];
          if (!alive[m]) continue;
          if (index[m] == -1) {
            index[m] = low[m] = next_index++;
            stack.push_back(m);
            on_stack[m] = 1;
            call.push_back({m, 0});
          } else if (on_stack[m]) {
            low[fr.node] = std::min(low[fr.node], index[m]);
          }
          continue;
        }
        int v = fr.node;
        call.pop_back();
        if (!call.empty()) low[call.back().node] = std::min(low[call.back().node], low[v]);
        if (low[v] != index[v]) continue;
        std::vector<int> component;
        int w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          component.push_back(w);
        } while (w != v);
        bool self_loop = std::find(next.begin(), next.end(), v) != next.end();
        if (component.size() > 1 || self_loop) loops.push_back(std::move(component));
      }
    }
    return loops;
  }

  // The shortest loop from `from` back to itself through `allowed` steps, as the
  // steps in order (without the repeated first one); empty when there is none.
  std::vector<int> CycleThrough(int from, const std::vector<std::vector<int>>& edges,
                                const std::vector<char>& allowed) const {
    std::map<int, int> parent;
    std::vector<int> queue{from};
    for (size_t head = 0; head < queue.size(); ++head) {
      int n = queue[head];
      for (int m : edges[n]) {
        if (m == from) {
          std::vector<int> path{n};
          while (path.back() != from) path.push_back(parent.at(path.back()));
          std::reverse(path.begin(), path.end());
          return path;
        }
        if (!allowed[m] || parent.count(m)) continue;
        parent[m] = n;
        queue.push_back(m);
      }
    }
    return {};
  }

  // Bounds the refinement's searches on hostile input (node visits); past it the
  // loops found so far are reported as they are, with a warning.
  static constexpr size_t kLoopWorkBudget = 20'000'000;

  void CheckLoops() {
    const int count = static_cast<int>(nodes_.size());
    std::vector<std::vector<int>> edges(count);
    std::vector<char> alive(count, 0);
    std::vector<std::set<std::string>> clears(count);
    for (int n = 0; n < count; ++n) {
      edges[n] = InstantNext(n);
      alive[n] = !nodes_[n].waits || MaySkip(StepOf(n));
      clears[n] = Clears(n);
    }
    // Refine until no skip_if_set ask turns out to wait on every loop through it.
    // Each round that goes on marks at least one ask as waiting.
    std::vector<std::vector<int>> loops;
    std::vector<char> keeps_slot(count, 0);  // scratch: loop steps that keep a slot
    size_t work = 0;
    for (bool changed = true; changed && work <= kLoopWorkBudget;) {
      changed = false;
      loops = Loops(edges, alive);
      for (const std::vector<int>& loop : loops) {
        for (int ask : loop) {
          const StepAst& step = StepOf(ask);
          if (step.kind != StepKind::kAsk) continue;
          bool cleared = false;
          for (int n : loop) {
            keeps_slot[n] = !clears[n].count(step.slot);
            cleared |= !keeps_slot[n];
          }
          work += loop.size();
          if (cleared && work <= kLoopWorkBudget && CycleThrough(ask, edges, keeps_slot).empty()) {
            alive[ask] = 0;  // asked for real each time round
            changed = true;
          }
          for (int n : loop) keeps_slot[n] = 0;
        }
      }
    }
    if (work > kLoopWorkBudget) {
      Warn(src_.files.empty() ? SourcePos{} : SourcePos{src_.files[0], 0, 0}, "checks-skipped",
           "the flows hold too many loops for the loop check to tell which questions are "
           "skipped; the loops found so far are reported");
    }
    for (const std::vector<int>& loop : loops) ReportLoop(loop, edges, alive, &keeps_slot);
  }

  // `scratch` is all zero, of one entry per step, and left so.
  void ReportLoop(const std::vector<int>& component, const std::vector<std::vector<int>>& edges,
                  const std::vector<char>& alive, std::vector<char>* scratch) {
    int first = *std::min_element(component.begin(), component.end());
    std::vector<char>& in_loop = *scratch;
    for (int n : component) in_loop[n] = alive[n];
    std::vector<int> cycle = CycleThrough(first, edges, in_loop);
    for (int n : component) in_loop[n] = 0;
    std::string names;
    std::string skipped;
    for (size_t i = 0; i < cycle.size(); ++i) {
      const StepAst& step = StepOf(cycle[i]);
      std::string name = src_.flows[nodes_[cycle[i]].flow].id + "." + step.id;
      if (i < 8) names += name + " -> ";
      if (MaySkip(step)) skipped += (skipped.empty() ? "'" : ", '") + step.slot + "'";
    }
    if (cycle.size() > 8) names += "... -> ";
    names += src_.flows[nodes_[first].flow].id + "." + StepOf(first).id;
    std::string message = "steps " + names + " form a loop that can run without waiting for the customer";
    if (!skipped.empty()) {
      message += "; the question for " + skipped +
                 " is skipped when its slot already has a value (skip_if_set)";
    }
    Error(StepOf(first).pos, "loop-without-input", message,
          "put a question that is always asked (skip_if_set: false) or buttons in the loop, "
          "clear the skipped question's slot in it (set: {slot: \"\"}), or give it a way out");
  }

  void CheckStart() {
    const BotAst& bot = src_.bot;
    if (bot.start_flow.empty()) {
      SourcePos pos = bot.present ? bot.pos : SourcePos{src_.files.empty() ? "" : src_.files[0], 0, 0};
      Warn(pos, "missing-start", "bot.start is not set: nothing greets a new customer",
           "add `start: <flow>` under `bot:`");
      return;
    }
    if (!flow_index_.count(bot.start_flow)) {
      Error(bot.start_pos, "unknown-flow", "bot.start names flow '" + bot.start_flow +
                                               "', which is not defined",
            Mean(ClosestMatch(bot.start_flow, flow_ids_)));
    }
  }

  const BotSources& src_;
  std::vector<Diagnostic> out_;
  std::vector<Node> nodes_;
  std::vector<int> first_node_;
  std::map<std::string, int> flow_index_;
  std::vector<std::map<std::string, int>> step_index_;
  std::map<std::string, int> menu_index_;
  std::map<std::string, std::vector<int>> menu_targets_;
  std::vector<std::string> flow_ids_, menu_ids_;
  std::set<int> referenced_from_outside_;
  std::vector<std::set<std::string>> flow_seeds_;
  std::map<std::string, std::set<int>> slot_setters_;
  std::vector<bool> reachable_;
  std::set<std::tuple<std::string, int, int>> reported_templates_;
};

}  // namespace

std::vector<Diagnostic> CheckBot(const BotSources& sources) { return Checker(sources).Run(); }

}  // namespace switchboard
