// The source form of a bot: what staff wrote in the YAML files, node by node, each
// node with the file, line and column it came from. The loader produces it, the
// checker reads it, the compiler turns it into a FlowProgram. The runtime never sees
// it (nor YAML).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace switchboard {

// 1-based line and column of a node in a flow file.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

// A text in one or more languages. `by_lang` is keyed by language code ("ru", "en");
// a plain YAML string is stored under the key "" and used for every language.
struct Text {
  std::map<std::string, std::string> by_lang;
  SourcePos pos;
  bool empty() const { return by_lang.empty(); }
};

enum class TriggerKind {
  kKeyword,  // one word or short phrase; any word order, word forms, typos
  kPhrase,   // an example sentence; its content words must be present
  kRegex,    // an RE2 pattern over the case-folded message; named groups fill slots
};

struct TriggerAst {
  TriggerKind kind = TriggerKind::kKeyword;
  std::string text;      // the keyword, phrase or pattern as written
  std::string language;  // "ru", "en" or "" when the author did not say
  SourcePos pos;
};

// Where control goes: "step" (same flow), "flow" (its first step), "flow.step".
struct TargetAst {
  std::string target;
  SourcePos pos;
  bool empty() const { return target.empty(); }
};

struct ButtonAst {
  Text label;
  TargetAst go;        // goto: pressing it jumps here
  std::string value;   // for a choice question: the value the slot takes
  std::string url;     // a link button (opens a page, sends nothing)
  SourcePos pos;
};

enum class SlotType { kText, kNumber, kPhone, kEmail, kDate, kChoice };

// One accepted answer of a choice question.
struct ChoiceOptionAst {
  std::string value;               // stored in the slot
  Text label;                      // the button's label
  std::vector<TriggerAst> synonyms;// other ways customers say it
  SourcePos pos;
};

// `if:` conditions: clause (and clause)*. A clause is `slot`, `not slot`,
// `slot OP literal` with OP one of == != < <= > >=, or `slot in [a, b]`.
enum class ConditionOp { kIsSet, kIsUnset, kEq, kNe, kLt, kLe, kGt, kGe, kIn };

struct ClauseAst {
  std::string slot;
  ConditionOp op = ConditionOp::kIsSet;
  std::vector<std::string> values;  // one for comparisons, several for `in`
};

struct ConditionAst {
  std::string source;               // as written, for messages
  std::vector<ClauseAst> all_of;
  SourcePos pos;
};

struct BranchAst {
  ConditionAst when;
  TargetAst go;
};

// A step-local trigger: while the step waits for input, a message matching `trigger`
// jumps to `go`.
struct LocalTriggerAst {
  std::vector<TriggerAst> triggers;
  TargetAst go;
  SourcePos pos;
};

enum class StepKind { kSay, kAsk, kSet, kIf, kGoto, kHandoff, kEnd, kHttp };

// A call to one of the business's HTTP services (`http:`).
struct HttpAst {
  std::string service;  // a key of `services:`
  SourcePos service_pos;
  std::string method = "GET";
  std::string path;     // template; slot values percent-encoded
  std::vector<std::pair<std::string, std::string>> query;  // name, template
  std::vector<std::pair<std::string, std::string>> body;   // JSON field, template
  std::optional<int> timeout_ms;
  std::optional<int> retries;
  std::optional<int> max_response_bytes;
  std::vector<std::pair<std::string, std::string>> save;   // slot, JSON pointer (2xx)
  std::vector<std::pair<std::string, std::string>> save_error;  // the same for other answers
  std::vector<std::pair<int, TargetAst>> on_status;        // HTTP status, target
  TargetAst on_error;
};

// A service the flows call: where it is and how to authenticate. `${VAR}` and
// `${VAR:-default}` in base_url and header values read the environment at load.
struct ServiceAst {
  std::string id;
  std::string base_url;
  int timeout_ms = 3000;
  std::vector<std::pair<std::string, std::string>> headers;
  SourcePos pos;
};

struct StepAst {
  std::string id;      // as written; the loader names unnamed steps "#<index>"
  bool id_written = false;
  StepKind kind = StepKind::kSay;
  SourcePos pos;

  // say (also the closing text of end and handoff)
  Text text;
  std::vector<ButtonAst> buttons;  // a say with goto-buttons waits for a press
  std::string menu;                // buttons taken from a shared menu
  SourcePos menu_pos;
  std::vector<Text> quick_replies; // suggestions that send their text when tapped

  // ask
  std::string slot;
  SourcePos slot_pos;
  SlotType slot_type = SlotType::kText;
  Text prompt;                      // asked first
  Text retry;                       // asked after an invalid answer
  int max_attempts = 3;             // invalid answers before on_fail
  TargetAst on_fail;                // empty: hand off to an operator
  std::vector<ChoiceOptionAst> options;  // kChoice
  std::string validate_regex;       // extra check on the answer (RE2, full match)
  SourcePos validate_pos;
  std::optional<double> min, max;   // kNumber bounds
  bool skip_if_set = true;          // a slot already filled is not asked again
  bool prefill = false;             // answered from the message that entered the flow
  std::string options_from;         // kChoice: a slot holding a JSON array of options
  SourcePos options_from_pos;
  std::string option_value;         // JSON pointer into each element (objects)
  std::string option_label;         // JSON pointer; may contain {{lang}}
  int max_buttons = 8;              // options shown at once; the rest behind `more`
  Text more;                        // the "more" button's label

  // set: slot = template
  std::vector<std::pair<std::string, std::string>> assignments;

  // if
  std::vector<BranchAst> branches;
  TargetAst otherwise;

  // goto
  TargetAst go;

  // handoff
  std::string reason;
  std::string department;
  int priority = 0;                 // higher is served first

  // http
  HttpAst http;

  // every waiting step (ask, say with buttons)
  std::vector<LocalTriggerAst> on;
};

struct FlowAst {
  std::string id;
  SourcePos pos;
  Text title;                 // shown on "did you mean" buttons
  std::vector<TriggerAst> triggers;
  int priority = 0;           // breaks near-ties between flows in its favour
  bool resume = true;         // entered in the middle of a form, returns to it after
  double match_threshold = -1;  // this flow's own thresholds; -1: the bot's
  double ask_threshold = -1;
  std::vector<StepAst> steps;
};

// What happens on the Nth message in a row that nothing matched.
struct FallbackAst {
  std::vector<StepAst> levels;  // level i serves the (i+1)th miss; the last repeats
  SourcePos pos;
};

struct BotAst {
  std::vector<std::string> languages{"ru", "en"};
  std::string default_language = "ru";
  std::string start_flow;        // entered on the first message and on "start"
  SourcePos start_pos;           // where `start:` was written
  std::string timezone = "Europe/Moscow";
  double match_threshold = 0.6;  // at or above: answer
  double ask_threshold = 0.45;   // from here to match_threshold: ask back; below: fallback
  double ambiguity_margin = 0.08;// top two closer than this: ask which was meant
  SourcePos pos;
  bool present = false;          // some file had a `bot:` section
};

// Global commands that work at every step.
enum class CommandKind { kStart, kMenu, kCancel, kBack, kOperator };

struct CommandAst {
  CommandKind kind;
  std::vector<TriggerAst> triggers;
  TargetAst go;                  // menu/operator/start: where to go
  SourcePos pos;
};

struct SynonymGroupAst {
  std::string canonical;
  std::vector<std::string> variants;
  SourcePos pos;
};

struct MenuAst {
  std::string id;
  std::vector<ButtonAst> buttons;
  SourcePos pos;
};

// Everything loaded from one flows directory.
struct BotSources {
  BotAst bot;
  std::vector<FlowAst> flows;
  std::vector<CommandAst> commands;
  std::vector<SynonymGroupAst> synonyms;
  std::vector<SynonymGroupAst> concepts;  // @name in a trigger: any one of the words
  std::vector<std::string> vocabulary;    // words of the business's world that lead nowhere
  std::vector<std::string> unrelated;     // words of other businesses that look like ours
  std::vector<MenuAst> menus;
  FallbackAst fallback;
  std::vector<ServiceAst> services;
  std::vector<std::string> files;  // the files read, in order
};

}  // namespace switchboard
