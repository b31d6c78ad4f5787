// AST -> FlowProgram. Two passes: name every step (so gotos can point forward), then
// fill each step, resolving targets and compiling texts, triggers and regexes.
#include "flow/flow_compiler.h"

#include <re2/re2.h>

#include <set>

#include "actions/http_action.h"
#include "dialog/intent_decision.h"
#include "dialog/slot_parsers.h"
#include "flow/environment_expansion.h"
#include "match/regex_set.h"

namespace switchboard {
namespace {

class Compiler {
 public:
  Compiler(const BotSources& sources, std::vector<Diagnostic>* diagnostics)
      : src_(sources), diagnostics_(diagnostics), program_(std::make_shared<FlowProgram>()) {}

  Result<std::shared_ptr<const FlowProgram>> Run() {
    program_->bot = src_.bot;
    if (auto offset = UtcOffsetMinutes(src_.bot.timezone)) {
      program_->utc_offset_minutes = *offset;
    } else {
      Error(src_.bot.pos, "unknown-timezone",
            "unknown time zone '" + src_.bot.timezone + "'",
            "use an IANA name such as Europe/Moscow, or an offset such as +03:00");
    }
    CompileServices();
    NameSteps();
    for (const MenuAst& menu : src_.menus) {
      auto& buttons = program_->menus[menu.id];
      for (const ButtonAst& b : menu.buttons) buttons.push_back(CompileButton(b, -1));
    }
    for (size_t f = 0; f < src_.flows.size(); ++f) CompileFlowSteps(static_cast<int>(f));
    for (const StepAst& level : src_.fallback.levels) {
      program_->fallback.push_back(CompileStep(level, -1, ""));
    }
    CompileCommands();
    BuildIntentMatcher();
    if (!src_.bot.start_flow.empty()) program_->start_flow = program_->FindFlow(src_.bot.start_flow);
    if (failed_) return Status::InvalidFlow("the flows have errors");
    return std::shared_ptr<const FlowProgram>(program_);
  }

 private:
  void Error(const SourcePos& pos, std::string code, std::string message, std::string hint = "") {
    diagnostics_->push_back(
        {Severity::kError, pos.file, pos.line, pos.column, std::move(code), std::move(message), std::move(hint)});
    failed_ = true;
  }
  void Warn(const SourcePos& pos, std::string code, std::string message, std::string hint = "") {
    diagnostics_->push_back(
        {Severity::kWarning, pos.file, pos.line, pos.column, std::move(code), std::move(message), std::move(hint)});
  }

  void CompileServices() {
    EnvironmentLookup env = ProcessEnvironment();
    for (const ServiceAst& s : src_.services) {
      CompiledService service{s.id, "", s.timeout_ms, {}};
      Result<std::string> url = ExpandEnvironment(s.base_url, env);
      if (!url.ok()) {
        Error(s.pos, "bad-service", "service '" + s.id + "': base_url: " + url.status().message(),
              "set the variable, or give a default: ${NAME:-http://127.0.0.1:8081}");
      } else if (Status valid = ValidateBaseUrl(*url); !valid.ok()) {
        Error(s.pos, "bad-service", "service '" + s.id + "': " + valid.message());
      } else {
        service.base_url = *url;
        while (!service.base_url.empty() && service.base_url.back() == '/') service.base_url.pop_back();
      }
      for (const auto& [name, value] : s.headers) {
        Result<std::string> expanded = ExpandEnvironment(value, env);
        if (!expanded.ok()) {
          Error(s.pos, "bad-service", "service '" + s.id + "': header " + name + ": " + expanded.status().message(),
                "set the variable, or give a default: ${NAME:-}");
          continue;
        }
        service.headers.emplace_back(name, *expanded);
      }
      service_by_id_[s.id] = static_cast<int>(program_->services.size());
      program_->services.push_back(std::move(service));
    }
  }

  Template CompileTemplate(const std::string& source, const SourcePos& pos) {
    Result<Template> t = ParseTemplate(source);
    if (!t.ok()) {
      Error(pos, "bad-template", t.status().message());
      return Template();
    }
    return std::move(t).value();
  }

  void CompileHttp(const StepAst& s, int flow, CompiledStep* step) {
    const HttpAst& h = s.http;
    CompiledHttp& out = step->http;
    auto it = service_by_id_.find(h.service);
    if (it == service_by_id_.end()) {
      Error(h.service_pos, "unknown-service", "service '" + h.service + "' is not declared under 'services:'");
    } else {
      out.service = it->second;
      out.timeout_ms = program_->services[it->second].timeout_ms;
    }
    out.method = h.method;
    out.path = CompileTemplate(h.path, s.pos);
    for (const auto& [name, value] : h.query) out.query.emplace_back(name, CompileTemplate(value, s.pos));
    for (const auto& [name, value] : h.body) out.body.emplace_back(name, CompileTemplate(value, s.pos));
    if (h.timeout_ms) out.timeout_ms = *h.timeout_ms;
    const bool idempotent = h.method == "GET" || h.method == "PUT" || h.method == "DELETE";
    out.retries = h.retries ? *h.retries : (h.method == "GET" ? 1 : 0);
    if (!idempotent && out.retries > 0) {
      Warn(s.pos, "retries-ignored", h.method + " is not idempotent: its retries are not used",
           "retry only GET, PUT and DELETE calls");
      out.retries = 0;
    }
    if (h.max_response_bytes) out.max_response_bytes = *h.max_response_bytes;
    out.save = h.save;
    out.save_error = h.save_error;
    for (const auto& [status, target] : h.on_status) out.on_status.emplace_back(status, Resolve(target, flow));
    out.on_error = Resolve(h.on_error, flow);
  }

  void NameSteps() {
    FlowProgram& p = *program_;
    for (size_t f = 0; f < src_.flows.size(); ++f) {
      const FlowAst& flow = src_.flows[f];
      CompiledFlow cf;
      cf.id = flow.id;
      cf.title = CompileText(flow.title);
      cf.priority = flow.priority;
      cf.resume = flow.resume;
      cf.match_threshold = flow.match_threshold >= 0 ? flow.match_threshold : src_.bot.match_threshold;
      cf.ask_threshold = flow.ask_threshold >= 0 ? flow.ask_threshold : src_.bot.ask_threshold;
      cf.first_step = flow.steps.empty() ? kNoStep : static_cast<int>(p.steps.size());
      p.flow_by_id.emplace(flow.id, static_cast<int>(f));
      for (const StepAst& s : flow.steps) {
        CompiledStep step;
        step.flow = static_cast<int>(f);
        step.name = flow.id + "." + s.id;
        p.step_by_name.emplace(step.name, static_cast<int>(p.steps.size()));
        p.steps.push_back(std::move(step));
      }
      p.flows.push_back(std::move(cf));
    }
  }

  static bool HasGotoButtons(const StepAst& s) {
    if (s.kind != StepKind::kSay) return false;
    if (!s.menu.empty()) return true;
    for (const ButtonAst& b : s.buttons) {
      if (!b.go.empty()) return true;
    }
    return false;
  }

  // "step" in the current flow, then "flow", then "flow.step".
  int Resolve(const TargetAst& t, int flow) {
    if (t.empty()) return kNoStep;
    if (flow >= 0) {
      int step = program_->FindStep(src_.flows[flow].id + "." + t.target);
      if (step != kNoStep) return step;
    }
    int f = program_->FindFlow(t.target);
    if (f >= 0) {
      if (program_->flows[f].first_step == kNoStep) {
        Error(t.pos, "goto-empty-flow", "flow '" + t.target + "' has no steps to go to");
      }
      return program_->flows[f].first_step;
    }
    int step = program_->FindStep(t.target);
    if (step == kNoStep) Error(t.pos, "goto-missing-target", "no step or flow named '" + t.target + "'");
    return step;
  }

  CompiledText CompileText(const Text& text) {
    CompiledText out;
    for (const auto& [lang, source] : text.by_lang) {
      Result<Template> t = ParseTemplate(source);
      if (!t.ok()) {
        Error(text.pos, "bad-template", t.status().message());
        continue;
      }
      out.by_lang.emplace(lang, std::move(t).value());
    }
    return out;
  }

  CompiledButton CompileButton(const ButtonAst& b, int flow) {
    CompiledButton out;
    out.label = CompileText(b.label);
    out.target = Resolve(b.go, flow);
    out.value = b.value;
    out.url = b.url;
    return out;
  }

  void CompileFlowSteps(int f) {
    const FlowAst& flow = src_.flows[f];
    int base = program_->flows[f].first_step;
    for (size_t i = 0; i < flow.steps.size(); ++i) {
      CompiledStep step = CompileStep(flow.steps[i], f, program_->steps[base + i].name);
      step.next = i + 1 < flow.steps.size() ? base + static_cast<int>(i) + 1 : kNoStep;
      program_->steps[base + i] = std::move(step);
    }
  }

  CompiledStep CompileStep(const StepAst& s, int flow, const std::string& name) {
    CompiledStep step;
    step.kind = s.kind;
    step.flow = flow;
    step.name = name;
    step.text = CompileText(s.text);
    for (const ButtonAst& b : s.buttons) step.buttons.push_back(CompileButton(b, flow));
    if (!s.menu.empty()) {
      auto it = program_->menus.find(s.menu);
      if (it == program_->menus.end()) {
        Error(s.menu_pos, "missing-menu", "no menu named '" + s.menu + "'");
      } else {
        step.buttons.insert(step.buttons.end(), it->second.begin(), it->second.end());
      }
    }
    for (const Text& q : s.quick_replies) step.quick_replies.push_back(CompileText(q));
    step.waits = s.kind == StepKind::kAsk || HasGotoButtons(s);

    step.slot = s.slot;
    step.slot_type = s.slot_type;
    step.prompt = CompileText(s.prompt);
    step.retry = CompileText(s.retry);
    step.max_attempts = s.max_attempts;
    step.on_fail = Resolve(s.on_fail, flow);
    for (const ChoiceOptionAst& o : s.options) step.options.push_back({o.value, CompileText(o.label)});
    if (!s.validate_regex.empty()) {
      RE2::Options options;
      options.set_log_errors(false);
      options.set_max_mem(match::kRegexPatternMaxMem);
      auto re = std::make_shared<RE2>(s.validate_regex, options);
      if (!re->ok()) {
        Error(s.validate_pos, "bad-regex", "invalid regex: " + re->error());
      } else {
        step.validator = re;
      }
    }
    step.min = s.min;
    step.max = s.max;
    step.skip_if_set = s.skip_if_set;
    step.prefill = s.prefill;
    step.options_from = s.options_from;
    step.option_value = s.option_value;
    step.option_label = CompileTemplate(s.option_label, s.pos);
    step.max_buttons = s.max_buttons;
    step.more = CompileText(s.more);
    if (s.kind == StepKind::kHttp) CompileHttp(s, flow, &step);
    for (const auto& [slot, value] : s.assignments) {
      Result<Template> t = ParseTemplate(value);
      if (!t.ok()) {
        Error(s.pos, "bad-template", t.status().message());
        continue;
      }
      step.assignments.emplace_back(slot, std::move(t).value());
    }
    for (const BranchAst& b : s.branches) step.branches.push_back({b.when, Resolve(b.go, flow)});
    step.otherwise = Resolve(s.otherwise, flow);
    step.target = Resolve(s.go, flow);
    step.reason = s.reason;
    step.department = s.department;
    step.priority = s.priority;
    if (step.waits) CompileLocalMatcher(s, flow, &step);
    return step;
  }

  void CompileLocalMatcher(const StepAst& s, int flow, CompiledStep* step) {
    MatcherOptions options;
    options.whole_message_evidence = false;  // an answer may say anything around the option
    MatcherBuilder builder(options);
    AddSynonyms(&builder);
    bool any = false;
    for (const LocalTriggerAst& local : s.on) {
      int target = Resolve(local.go, flow);
      int id = static_cast<int>(step->local_targets.size());
      step->local_targets.push_back(target);
      for (const TriggerAst& t : local.triggers) any |= AddTrigger(&builder, id, t, 0);
    }
    for (size_t i = 0; i < s.options.size(); ++i) {
      const ChoiceOptionAst& o = s.options[i];
      int id = static_cast<int>(step->local_targets.size());
      step->local_targets.push_back(OptionTarget(static_cast<int>(i)));
      builder.AddKeyword(id, o.value, "");
      for (const auto& [lang, label] : o.label.by_lang) builder.AddKeyword(id, label, lang);
      for (const TriggerAst& t : o.synonyms) AddTrigger(&builder, id, t, 0);
      any = true;
    }
    if (!any) return;
    auto built = builder.Build();
    if (!built.ok()) {
      Error(s.pos, "matcher-build", built.status().message());
      return;
    }
    step->local_matcher = std::move(built).value();
  }

  // What the bot itself says is its vocabulary: a customer who uses those words is
  // not talking about another business.
  void AddKnownTexts(MatcherBuilder* builder) {
    auto add = [&](const Text& t) {
      for (const auto& [lang, text] : t.by_lang) builder->AddKnownText(text);
    };
    auto add_buttons = [&](const std::vector<ButtonAst>& buttons) {
      for (const ButtonAst& b : buttons) add(b.label);
    };
    for (const std::string& words : src_.vocabulary) builder->AddKnownText(words);
    for (const std::string& words : src_.unrelated) builder->AddUnrelatedText(words);
    for (const FlowAst& f : src_.flows) {
      add(f.title);
      for (const StepAst& s : f.steps) {
        add(s.text);
        add(s.prompt);
        add_buttons(s.buttons);
        for (const Text& q : s.quick_replies) add(q);
        for (const ChoiceOptionAst& o : s.options) add(o.label);
      }
    }
    for (const MenuAst& m : src_.menus) add_buttons(m.buttons);
  }

  void AddSynonyms(MatcherBuilder* builder) {
    for (const SynonymGroupAst& g : src_.synonyms) builder->AddSynonyms(g.canonical, g.variants);
  }

  // False when the trigger could not be added (an invalid regex, reported). When
  // `table` is given, records the trigger under the index the matcher gave it.
  bool AddTrigger(MatcherBuilder* builder, int target, const TriggerAst& t, double priority,
                  std::vector<TriggerAst>* table = nullptr) {
    int index = -1;
    switch (t.kind) {
      case TriggerKind::kKeyword:
        index = builder->AddKeyword(target, t.text, t.language, priority);
        break;
      case TriggerKind::kPhrase:
        index = builder->AddPhrase(target, t.text, t.language, priority);
        break;
      case TriggerKind::kRegex: {
        Result<int> added = builder->AddRegex(target, t.text, priority);
        if (!added.ok()) {
          if (added.status().code() == StatusCode::kResourceExhausted) {
            Error(t.pos, "regex-budget", added.status().message());
          } else {
            Error(t.pos, "bad-regex", "invalid regex: " + added.status().message());
          }
          return false;
        }
        index = *added;
        break;
      }
    }
    if (table != nullptr && index >= 0) {
      if (table->size() <= static_cast<size_t>(index)) table->resize(index + 1);
      (*table)[index] = t;
    }
    return true;
  }

  void CompileCommands() {
    for (const CommandAst& c : src_.commands) {
      program_->commands.push_back({c.kind, Resolve(c.go, -1)});
    }
  }

  void BuildIntentMatcher() {
    MatcherBuilder builder;
    AddSynonyms(&builder);
    AddKnownTexts(&builder);
    struct Origin { int target; const TriggerAst* trigger; };
    std::vector<Origin> origins;
    for (size_t f = 0; f < src_.flows.size(); ++f) {
      for (const TriggerAst& t : src_.flows[f].triggers) {
        if (AddTrigger(&builder, static_cast<int>(f), t, src_.flows[f].priority, &program_->intent_triggers)) {
          origins.push_back({static_cast<int>(f), &t});
        }
      }
    }
    for (size_t c = 0; c < src_.commands.size(); ++c) {
      for (const TriggerAst& t : src_.commands[c].triggers) {
        // Commands outrank every flow: "отмена" must cancel even where a flow mentions it.
        if (AddTrigger(&builder, CommandTarget(static_cast<int>(c)), t, 5, &program_->intent_triggers)) {
          origins.push_back({CommandTarget(static_cast<int>(c)), &t});
        }
      }
    }
    auto built = builder.Build();
    if (!built.ok()) {
      Error(src_.bot.pos, "matcher-build", built.status().message());
      return;
    }
    program_->intents = std::move(built).value();
    WarnOverlaps(origins);
  }

  // A keyword or phrase of one flow that, written by a customer, would not lead to
  // that flow: another flow wins, or the bot would have to ask which was meant.
  // Overlaps that priorities already settle are not reported.
  template <typename Origins>
  void WarnOverlaps(const Origins& origins) {
    std::set<std::pair<int, int>> reported;
    for (const auto& o : origins) {
      if (o.trigger->kind == TriggerKind::kRegex || IsCommandTarget(o.target)) continue;
      MatchResult r = program_->intents->Match(o.trigger->text, 0.3);
      IntentDecision d = DecideIntent(*program_, r);
      std::vector<const MatchCandidate*> rivals;
      std::string how;
      if (d.kind == IntentDecision::Kind::kMatch && d.chosen->target != o.target && !LeadsTo(d.chosen->target, o.target)) {
        rivals.push_back(d.chosen);
        how = "leads to ";
      } else if (d.kind == IntentDecision::Kind::kAskWhich) {
        for (const MatchCandidate* c : d.choices) {
          if (c->target != o.target) rivals.push_back(c);
        }
        how = "makes the bot ask which was meant, with ";
      }
      for (const MatchCandidate* c : rivals) {
        if (!reported.insert({o.target, c->target}).second) continue;
        Warn(o.trigger->pos, "trigger-overlap",
             "'" + o.trigger->text + "' of " + TargetName(o.target) + " " + how + TargetName(c->target) +
                 " (score " + std::to_string(c->score).substr(0, 4) + ")",
             "make the triggers more specific, or give one flow a higher priority");
      }
    }
  }

  // A command that jumps into `flow` (the operator command and the operator flow).
  bool LeadsTo(int target, int flow) const {
    if (!IsCommandTarget(target)) return false;
    int step = program_->commands[CommandOf(target)].target;
    return step != kNoStep && program_->steps[step].flow == flow;
  }

  std::string TargetName(int target) const {
    if (IsCommandTarget(target)) {
      static constexpr const char* kNames[] = {"start", "menu", "cancel", "back", "operator"};
      return std::string("the ") + kNames[static_cast<int>(src_.commands[CommandOf(target)].kind)] + " command";
    }
    return "flow '" + src_.flows[target].id + "'";
  }

  const BotSources& src_;
  std::vector<Diagnostic>* diagnostics_;
  std::shared_ptr<FlowProgram> program_;
  std::map<std::string, int> service_by_id_;
  bool failed_ = false;
};

}  // namespace

Result<std::shared_ptr<const FlowProgram>> CompileBot(const BotSources& sources,
                                                      std::vector<Diagnostic>* diagnostics) {
  return Compiler(sources, diagnostics).Run();
}

}  // namespace switchboard
