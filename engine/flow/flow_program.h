// The executable form of a bot: flat, indexed steps that the runtime walks, with
// every trigger compiled into matchers and every text into templates. Built once by
// the FlowCompiler from the source AST; immutable and shared by all turns (a reload
// publishes a new FlowProgram). Sessions refer to steps by their stable names
// ("flow.step"), never by index, so that a reload never strands a conversation.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "flow/flow_ast.h"
#include "flow/template.h"
#include "match/matcher.h"

namespace re2 {
class RE2;
}

namespace switchboard {

// A text per language, each a parsed template. "" holds the language-neutral text.
struct CompiledText {
  std::map<std::string, Template> by_lang;
  bool empty() const { return by_lang.empty(); }
};

constexpr int kNoStep = -1;

struct CompiledButton {
  CompiledText label;
  int target = kNoStep;    // step to jump to when pressed
  std::string value;       // choice value
  std::string url;         // link button
};

struct CompiledOption {
  std::string value;
  CompiledText label;
};

struct CompiledBranch {
  ConditionAst when;
  int target = kNoStep;    // kNoStep: fall through
};

// A declared service with the environment already read.
struct CompiledService {
  std::string id;
  std::string base_url;
  int timeout_ms = 3000;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct CompiledHttp {
  int service = -1;  // index into FlowProgram::services
  std::string method = "GET";
  Template path;     // rendered with every value percent-encoded
  std::vector<std::pair<std::string, Template>> query;
  std::vector<std::pair<std::string, Template>> body;
  int timeout_ms = 3000;
  int retries = 0;
  int max_response_bytes = 64 * 1024;
  std::vector<std::pair<std::string, std::string>> save;  // slot, JSON pointer
  std::vector<std::pair<std::string, std::string>> save_error;  // from a non-2xx answer
  std::vector<std::pair<int, int>> on_status;             // HTTP status, step
  int on_error = kNoStep;                                 // kNoStep: say so, offer an operator
};

struct CompiledStep {
  StepKind kind = StepKind::kSay;
  int flow = 0;            // index into FlowProgram::flows
  std::string name;        // "flow.step", stable across reloads
  int next = kNoStep;      // fall-through successor; kNoStep: the flow ends here

  CompiledText text;
  std::vector<CompiledButton> buttons;
  std::vector<CompiledText> quick_replies;
  bool waits = false;      // ask, or say with goto-buttons

  // ask
  std::string slot;
  SlotType slot_type = SlotType::kText;
  CompiledText prompt;
  CompiledText retry;
  int max_attempts = 3;
  int on_fail = kNoStep;   // kNoStep: hand off
  std::vector<CompiledOption> options;
  std::shared_ptr<const re2::RE2> validator;  // full match on the normalised value
  std::optional<double> min, max;
  bool skip_if_set = true;
  bool prefill = false;
  std::string options_from;   // a slot holding a JSON array of options
  std::string option_value;   // JSON pointer
  Template option_label;      // JSON pointer template ({{lang}})
  int max_buttons = 8;
  CompiledText more;

  // http
  CompiledHttp http;

  // set
  std::vector<std::pair<std::string, Template>> assignments;

  // if
  std::vector<CompiledBranch> branches;
  int otherwise = kNoStep;

  // goto
  int target = kNoStep;

  // handoff
  std::string reason;
  std::string department;
  int priority = 0;

  // local triggers and choice options: targets are indexes into local_targets
  std::unique_ptr<const Matcher> local_matcher;
  std::vector<int> local_targets;   // >= 0: a step; OptionTarget(i): option i
};

// Local matcher targets below this encode a choice option: kOptionTarget(i).
constexpr int kOptionTargetBase = -1000;
inline int OptionTarget(int option) { return kOptionTargetBase - option; }
inline bool IsOptionTarget(int target) { return target <= kOptionTargetBase; }
inline int OptionOf(int target) { return kOptionTargetBase - target; }

struct CompiledFlow {
  std::string id;
  CompiledText title;
  int first_step = kNoStep;
  int priority = 0;
  bool resume = true;
  double match_threshold = 0.6;  // the flow's own, or the bot's
  double ask_threshold = 0.45;
};

struct CompiledCommand {
  CommandKind kind;
  int target = kNoStep;
};

class FlowProgram {
 public:
  FlowProgram() = default;
  // Heavy and shared: moved into a shared_ptr once, never copied.
  FlowProgram(const FlowProgram&) = delete;
  FlowProgram& operator=(const FlowProgram&) = delete;

  BotAst bot;
  int utc_offset_minutes = 180;
  std::vector<CompiledFlow> flows;
  std::vector<CompiledStep> steps;
  std::vector<CompiledCommand> commands;
  std::vector<CompiledStep> fallback;  // level i serves the (i+1)th miss in a row
  std::map<std::string, std::vector<CompiledButton>> menus;
  std::vector<CompiledService> services;

  // Every flow trigger and command. Targets: a flow index, or CommandTarget(i).
  std::unique_ptr<const Matcher> intents;
  // The intent matcher's triggers as written, by trigger index (for `explain`).
  std::vector<TriggerAst> intent_triggers;

  std::unordered_map<std::string, int> step_by_name;
  std::unordered_map<std::string, int> flow_by_id;
  int start_flow = -1;

  // -1 when absent.
  int FindStep(std::string_view name) const {
    auto it = step_by_name.find(std::string(name));
    return it == step_by_name.end() ? kNoStep : it->second;
  }
  int FindFlow(std::string_view id) const {
    auto it = flow_by_id.find(std::string(id));
    return it == flow_by_id.end() ? -1 : it->second;
  }
};

// Intent matcher targets at or above this are commands.
constexpr int kCommandTargetBase = 1 << 20;
inline int CommandTarget(int command) { return kCommandTargetBase + command; }
inline bool IsCommandTarget(int target) { return target >= kCommandTargetBase; }
inline int CommandOf(int target) { return target - kCommandTargetBase; }

}  // namespace switchboard
