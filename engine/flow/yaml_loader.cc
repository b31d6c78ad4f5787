// YAML flow files -> BotSources. yaml-cpp is used only through its event parser:
// the events build a plain tree (YNode) with 1-based positions, so that aliases can
// be refused (flows never need them, and yaml-cpp shares aliased nodes, which makes
// walking an alias bomb exponential), duplicate keys can be found, and the node
// count stays under a budget. The tree is then converted into the AST, reporting
// every unknown key, wrong type and missing field at once.
#include "flow/yaml_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "flow/condition_parser.h"
#include "flow/edit_distance.h"
#include "flow/indentation.h"
#include "flow/source_guard.h"

namespace switchboard {
namespace {

// ---------------------------------------------------------------------------
// The YAML tree.

struct YEntry;

struct YNode {
  enum class Kind { kNull, kScalar, kSeq, kMap };
  Kind kind = Kind::kNull;
  std::string value;    // kScalar
  bool quoted = false;  // a quoted or block scalar: never a number, bool or null
  int line = 0;
  int column = 0;
  std::vector<YNode> items;                       // kSeq
  // A named struct, not std::pair<YNode, YNode>: libstdc++ refuses a pair of a type
  // still incomplete here when clang (the fuzz build) compiles it.
  std::vector<YEntry> entries;                    // kMap, in file order
};

struct YEntry {
  YNode key;
  YNode value;
};

// yaml-cpp counts columns in bytes; diagnostics count characters, so that a
// position after Cyrillic text is where an editor shows it. Lines of ASCII need no
// counting; on other lines the last answer is kept, so that the marks of one long
// line (which arrive in order) are counted in one pass, not from the line start each.
class ColumnMap {
 public:
  explicit ColumnMap(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    bool ascii = true;
    for (size_t i = 0; i < text.size(); ++i) {
      if (static_cast<unsigned char>(text[i]) >= 0x80) ascii = false;
      if (text[i] == '\n') {
        line_ascii_.push_back(ascii);
        line_starts_.push_back(i + 1);
        ascii = true;
      }
    }
    line_ascii_.push_back(ascii);
  }
  // 1-based character column of a yaml-cpp mark (0-based line, byte column).
  int Column(const YAML::Mark& mark) {
    if (mark.line < 0 || static_cast<size_t>(mark.line) >= line_starts_.size() ||
        mark.column < 0 || line_ascii_[mark.line]) {
      return mark.column + 1;
    }
    size_t start = line_starts_[mark.line];
    size_t end = std::min(text_.size(), start + static_cast<size_t>(mark.column));
    if (cached_line_ != mark.line || cached_byte_ > end) {
      cached_line_ = mark.line;
      cached_byte_ = start;
      cached_column_ = 1;
    }
    for (; cached_byte_ < end; ++cached_byte_) {
      if ((static_cast<unsigned char>(text_[cached_byte_]) & 0xC0) != 0x80) ++cached_column_;
    }
    return cached_column_;
  }

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
  std::vector<bool> line_ascii_;
  int cached_line_ = -1;
  size_t cached_byte_ = 0;
  int cached_column_ = 1;
};

// Raised from inside the event handler to stop parsing at once.
struct StopLoading {
  std::string code;
  std::string message;
  int line;
  int column;
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(YamlLoadContext* context, std::vector<Diagnostic>* duplicates, const std::string& file,
              ColumnMap& columns)
      : nodes_left_(&context->nodes_left),
        max_depth_(context->max_depth),
        duplicates_(duplicates),
        file_(file),
        columns_(columns) {}

  std::optional<YNode>& root() { return root_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) {
      throw StopLoading{"yaml-multiple-documents",
                        "a flow file holds one YAML document; found a second '---'",
                        mark.line + 1, columns_.Column(mark)};
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
    YNode n = Start(mark);
    n.kind = YNode::Kind::kNull;
    Finish(std::move(n));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    throw StopLoading{"yaml-alias",
                      "YAML aliases (*name) are not supported in flow files; write the value "
                      "out where it is needed (for shared buttons use a menu)",
                      mark.line + 1, columns_.Column(mark)};
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                const std::string& value) override {
    RefuseTag(mark, tag);
    YNode n = Start(mark);
    n.quoted = tag == "!";
    if (!n.quoted && (value == "~" || value == "null" || value == "Null" || value == "NULL")) {
      n.kind = YNode::Kind::kNull;
    } else {
      n.kind = YNode::Kind::kScalar;
      n.value = value;
    }
    Finish(std::move(n));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    RefuseTag(mark, tag);
    YNode n = Start(mark);
    Nest(mark);
    n.kind = YNode::Kind::kSeq;
    stack_.push_back({std::move(n), std::nullopt});
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    RefuseTag(mark, tag);
    YNode n = Start(mark);
    Nest(mark);
    n.kind = YNode::Kind::kMap;
    stack_.push_back({std::move(n), std::nullopt});
  }
  void OnMapEnd() override {
    // Duplicate keys: yaml-cpp keeps both, so they are visible here.
    std::map<std::string, const YNode*> seen;
    for (const auto& [key, value] : stack_.back().node.entries) {
      if (key.kind != YNode::Kind::kScalar) continue;
      auto [it, inserted] = seen.emplace(key.value, &key);
      if (!inserted) {
        duplicates_->push_back({Severity::kError, file_, key.line, key.column, "duplicate-key",
                                "duplicate key '" + Fragment(key.value) + "' (first written at line " +
                                    std::to_string(it->second->line) + ")",
                                "remove one of them or merge their contents"});
      }
    }
    Close();
  }

 private:
  struct Frame {
    YNode node;
    std::optional<YNode> key;  // a map's key waiting for its value
  };

  // yaml-cpp names an untagged node's tag "?" (plain) or "!" (quoted); anything
  // else was written: `!include`, `!!str`. Flows have no use for tags, and a tag
  // that means "read another file" must not be silently ignored either.
  void RefuseTag(const YAML::Mark& mark, const std::string& tag) {
    if (tag.empty() || tag == "?" || tag == "!") return;
    std::string shown = tag.rfind("tag:yaml.org,2002:", 0) == 0 ? "!!" + tag.substr(18) : tag;
    throw StopLoading{"yaml-tag",
                      "YAML tags such as '" + Fragment(shown) +
                          "' are not supported in flow files (nothing is included or converted)",
                      mark.line + 1, columns_.Column(mark)};
  }

  // The depth pre-check in source_guard.cc estimates from the text; this is the
  // exact bound, checked before yaml-cpp descends into the new level.
  void Nest(const YAML::Mark& mark) {
    if (static_cast<int>(stack_.size()) < max_depth_) return;
    throw StopLoading{"too-deep",
                      "YAML nested deeper than " + std::to_string(max_depth_) + " levels",
                      mark.line + 1, columns_.Column(mark)};
  }

  YNode Start(const YAML::Mark& mark) {
    if (*nodes_left_ == 0) {
      throw StopLoading{"too-many-nodes",
                        "the flow files hold too many YAML nodes; the limit guards against "
                        "runaway files",
                        mark.line + 1, columns_.Column(mark)};
    }
    --*nodes_left_;
    YNode n;
    n.line = mark.line + 1;
    n.column = columns_.Column(mark);
    return n;
  }

  void Close() {
    YNode done = std::move(stack_.back().node);
    stack_.pop_back();
    Finish(std::move(done));
  }

  void Finish(YNode n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == YNode::Kind::kSeq) {
      top.node.items.push_back(std::move(n));
    } else if (!top.key) {
      top.key = std::move(n);
    } else {
      top.node.entries.push_back(YEntry{std::move(*top.key), std::move(n)});
      top.key.reset();
    }
  }

  size_t* nodes_left_;
  int max_depth_;
  std::vector<Diagnostic>* duplicates_;
  const std::string& file_;
  ColumnMap& columns_;
  std::vector<Frame> stack_;
  std::optional<YNode> root_;
  int documents_ = 0;
};

// ---------------------------------------------------------------------------
// Key sets.

using Keys = std::vector<std::string>;

const Keys kTopKeys = {"bot", "synonyms", "concepts", "vocabulary", "unrelated", "menus", "commands", "fallback", "services", "flows", "flow"};
const Keys kFlowKeys = {"id",       "title",    "priority",      "resume",
                        "triggers", "steps",    "match_threshold", "ask_threshold"};
const Keys kFlowFileKeys = {"bot",   "synonyms", "concepts", "vocabulary", "unrelated", "menus",    "commands", "fallback", "services", "flow",
                            "flows", "title",    "priority", "resume",   "triggers", "steps",
                            "match_threshold", "ask_threshold"};
const Keys kBotKeys = {"languages", "default_language", "start",
                       "timezone",  "match_threshold",  "ambiguity_margin", "ask_threshold"};
const Keys kTriggerKeys = {"keywords", "phrases", "regex"};
const Keys kLocalTriggerKeys = {"keywords", "phrases", "regex", "goto"};
const Keys kCommandNames = {"start", "menu", "cancel", "back", "operator"};
const Keys kButtonKeys = {"label", "goto", "url"};
const Keys kOptionKeys = {"value", "label", "synonyms"};
const Keys kBranchKeys = {"when", "goto"};
const Keys kHandoffKeys = {"reason", "priority", "department"};
const Keys kActionKeys = {"say", "ask", "set", "if", "goto", "handoff", "end", "http"};
const Keys kHttpStepKeys = {"id", "http", "on_status", "on_error"};
const Keys kHttpKeys = {"service", "method", "path", "query", "body", "timeout_ms",
                        "retries", "max_response_bytes", "save", "save_error"};
const Keys kServiceKeys = {"base_url", "timeout_ms", "headers"};
const Keys kHttpMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
const Keys kSayKeys = {"id", "say", "buttons", "menu", "quick_replies", "on"};
const Keys kAskKeys = {"id",           "ask",          "type",         "prompt",      "retry",
                       "max_attempts", "on_fail",      "validate",     "min",         "max",
                       "skip_if_set",  "prefill",      "options",      "options_from", "option_value",
                       "option_label", "max_buttons",  "more",         "on"};
const Keys kSetKeys = {"id", "set"};
const Keys kIfKeys = {"id", "if", "else"};
const Keys kGotoKeys = {"id", "goto"};
const Keys kHandoffStepKeys = {"id", "handoff", "say"};
const Keys kEndKeys = {"id", "end", "say"};
const Keys kSlotTypes = {"text", "number", "phone", "email", "date", "choice"};

bool Contains(const Keys& keys, const std::string& k) {
  return std::find(keys.begin(), keys.end(), k) != keys.end();
}

bool IsIdentifier(const std::string& s, bool allow_dash) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9') || s[0] == '-') return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || (allow_dash && c == '-');
    if (!ok) return false;
  }
  return true;
}

// A key that is most likely a language code: two lowercase Latin letters, or one
// of the bot's languages (when the `bot:` section was read before this file).
bool LooksLikeLanguage(const std::string& s, const std::vector<std::string>& languages) {
  if (std::find(languages.begin(), languages.end(), s) != languages.end()) return true;
  if (s == "id" || s == "if" || s == "on") return false;  // keys of the flow language
  return s.size() == 2 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool IsLanguageCode(const std::string& s) {
  if (s.size() < 2 || s.size() > 3) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// 1-based count of characters in the first `bytes` bytes of `s`.
int CharCount(std::string_view s, size_t bytes) {
  int n = 0;
  for (size_t i = 0; i < bytes && i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Tree -> AST.

class Converter {
 public:
  Converter(const std::string& file, YamlLoadContext* context, BotSources* sources,
            std::vector<Diagnostic>* diagnostics)
      : file_(file), context_(context), sources_(sources), diagnostics_(diagnostics) {}

  void Convert(const YNode& root) {
    if (root.kind == YNode::Kind::kNull) return;  // an empty file defines nothing
    if (root.kind != YNode::Kind::kMap) {
      Error(root, "wrong-type",
            "expected a map of sections (bot, flows, flow, menus, ...), found " + KindName(root));
      return;
    }
    const YNode* flow_key = Find(root, "flow");
    CheckKeys(root, flow_key ? kFlowFileKeys : kTopKeys, "a flow file",
              flow_key ? "" : "a file with flow keys (steps, triggers, title, ...) needs "
                              "'flow: <id>' first");
    if (flow_key && Find(root, "flows")) {
      Error(*KeyNode(root, "flows"), "flow-and-flows",
            "a file has either 'flow:' (one flow) or 'flows:' (a list), not both");
    }
    for (const auto& [key, value] : root.entries) {
      if (key.kind != YNode::Kind::kScalar) continue;
      const std::string& k = key.value;
      if (k == "bot") {
        ReadBot(key, value);
      } else if (k == "synonyms") {
        ReadWordGroups(value, "synonyms", &sources_->synonyms);
      } else if (k == "concepts") {
        ReadWordGroups(value, "words", &sources_->concepts);
      } else if (k == "vocabulary" || k == "unrelated") {
        std::vector<std::string>& words = k == "vocabulary" ? sources_->vocabulary : sources_->unrelated;
        if (ExpectSeq(value, "a list of words and phrases")) {
          for (const YNode& item : value.items) {
            if (auto s = ReadString(item, "a word or phrase")) words.push_back(*s);
          }
        }
      } else if (k == "menus") {
        ReadMenus(value);
      } else if (k == "commands") {
        ReadCommands(value);
      } else if (k == "fallback") {
        ReadFallback(key, value);
      } else if (k == "services") {
        ReadServices(value);
      } else if (k == "flows") {
        if (!ExpectSeq(value, "a list of flows")) continue;
        for (const YNode& item : value.items) {
          if (!ExpectMap(item, "a flow (a map with id, triggers, steps)")) continue;
          CheckKeys(item, kFlowKeys, "a flow");
          FlowAst flow;
          flow.pos = Pos(item);
          if (const YNode* id = Required(item, "id", "a flow")) {
            flow.id = ReadId(*id, "a flow id", true);
          }
          ReadFlowBody(item, &flow);
          sources_->flows.push_back(std::move(flow));
        }
      } else if (k == "flow") {
        FlowAst flow;
        flow.pos = Pos(key);
        flow.id = ReadId(value, "a flow id", true);
        ReadFlowBody(root, &flow);
        sources_->flows.push_back(std::move(flow));
      }
    }
  }

 private:
  // --- diagnostics and basic access ------------------------------------------

  SourcePos Pos(const YNode& n) const { return {file_, n.line, n.column}; }

  void Error(const YNode& n, const std::string& code, const std::string& message,
             const std::string& hint = "") {
    ErrorAt(n.line, n.column, code, message, hint);
  }
  void ErrorAt(int line, int column, const std::string& code, const std::string& message,
               const std::string& hint = "") {
    diagnostics_->push_back({Severity::kError, file_, line, column, code, message, hint});
  }

  static std::string KindName(const YNode& n) {
    switch (n.kind) {
      case YNode::Kind::kNull: return "nothing";
      case YNode::Kind::kScalar: return "a string ('" + Fragment(n.value) + "')";
      case YNode::Kind::kSeq: return "a list";
      case YNode::Kind::kMap: return "a map";
    }
    return "something else";
  }

  bool ExpectMap(const YNode& n, const std::string& what) {
    if (n.kind == YNode::Kind::kMap) return true;
    Error(n, "wrong-type", "expected " + what + ", found " + KindName(n));
    return false;
  }
  bool ExpectSeq(const YNode& n, const std::string& what) {
    if (n.kind == YNode::Kind::kSeq) return true;
    Error(n, "wrong-type", "expected " + what + ", found " + KindName(n));
    return false;
  }
  std::optional<std::string> ReadString(const YNode& n, const std::string& what) {
    if (n.kind == YNode::Kind::kScalar) return n.value;
    Error(n, "wrong-type", "expected " + what + ", found " + KindName(n));
    return std::nullopt;
  }

  static const YNode* Find(const YNode& map, const std::string& key) {
    if (map.kind != YNode::Kind::kMap) return nullptr;
    for (const auto& [k, v] : map.entries) {
      if (k.kind == YNode::Kind::kScalar && k.value == key) return &v;
    }
    return nullptr;
  }
  static const YNode* KeyNode(const YNode& map, const std::string& key) {
    for (const auto& [k, v] : map.entries) {
      if (k.kind == YNode::Kind::kScalar && k.value == key) return &k;
    }
    return nullptr;
  }

  const YNode* Required(const YNode& map, const std::string& key, const std::string& where) {
    const YNode* v = Find(map, key);
    if (!v) Error(map, "missing-key", "missing required key '" + key + "' in " + where);
    return v;
  }

  // Reports every key of `map` not in `allowed`, with the closest allowed key;
  // `flow_key_hint` is the hint for a flow's key (steps, title, ...) found here.
  void CheckKeys(const YNode& map, const Keys& allowed, const std::string& where,
                 const std::string& flow_key_hint = "") {
    for (const auto& [k, v] : map.entries) {
      if (k.kind != YNode::Kind::kScalar) {
        Error(k, "wrong-type", "expected a key (a plain word), found " + KindName(k));
        continue;
      }
      if (Contains(allowed, k.value)) continue;
      std::string close = ClosestMatch(k.value, allowed);
      std::string hint = close.empty() ? "" : "did you mean '" + close + "'?";
      if (LooksLikeLanguage(k.value, sources_->bot.languages)) {
        // One letter from 'on' or 'id' says nothing: a language key out of place
        // is far likelier than a typo in a two-letter key.
        hint = "'" + k.value + "' looks like a language code: texts by language go under "
               "the text's key, indented below it, as in prompt: {ru: ..., " + k.value + ": ...}";
      }
      if (close.empty() && !flow_key_hint.empty() && Contains(kFlowKeys, k.value)) {
        hint = flow_key_hint;
      }
      Error(k, "unknown-key",
            "unknown key '" + Fragment(k.value) + "' in " + where + "; expected one of " +
                JoinNames(allowed),
            hint);
    }
  }

  std::string ReadId(const YNode& n, const std::string& what, bool allow_dash) {
    std::optional<std::string> s = ReadString(n, what);
    if (!s) return "";
    if (!IsIdentifier(*s, allow_dash)) {
      Error(n, "invalid-id",
            "'" + Fragment(*s) + "' is not a valid " + what.substr(what.find(' ') + 1) +
                ": use Latin letters, digits, '_'" + (allow_dash ? " and '-'" : "") +
                ", not starting with a digit");
    }
    return *s;
  }

  std::optional<double> ReadNumber(const YNode& n, const std::string& what, double min,
                                   double max) {
    if (n.kind == YNode::Kind::kScalar && !n.quoted) {
      char* end = nullptr;
      double d = std::strtod(n.value.c_str(), &end);
      if (!n.value.empty() && end == n.value.c_str() + n.value.size() && std::isfinite(d)) {
        if (d < min || d > max) {
          Error(n, "out-of-range",
                what + " must be between " + Num(min) + " and " + Num(max) + ", found " +
                    n.value);
          return std::nullopt;
        }
        return d;
      }
    }
    Error(n, "wrong-type", "expected a number for " + what + ", found " + KindName(n));
    return std::nullopt;
  }
  std::optional<int> ReadInt(const YNode& n, const std::string& what, int min, int max) {
    std::optional<double> d = ReadNumber(n, what, min, max);
    if (!d) return std::nullopt;
    if (*d != std::floor(*d)) {
      Error(n, "wrong-type", "expected a whole number for " + what + ", found " + n.value);
      return std::nullopt;
    }
    return static_cast<int>(*d);
  }
  static std::string Num(double d) {
    std::ostringstream out;
    out << d;
    return out.str();
  }
  std::optional<bool> ReadBool(const YNode& n, const std::string& what) {
    if (n.kind == YNode::Kind::kScalar && !n.quoted) {
      if (n.value == "true" || n.value == "True" || n.value == "TRUE") return true;
      if (n.value == "false" || n.value == "False" || n.value == "FALSE") return false;
    }
    Error(n, "wrong-type", "expected true or false for " + what + ", found " + KindName(n));
    return std::nullopt;
  }

  void NoteLanguage(const YNode& key) {
    context_->languages.push_back({key.value, Pos(key)});
  }

  // --- texts, triggers, targets, buttons ---------------------------------------

  Text ReadText(const YNode& n, const std::string& what) {
    Text text;
    text.pos = Pos(n);
    if (n.kind == YNode::Kind::kScalar) {
      text.by_lang[""] = n.value;
      return text;
    }
    if (n.kind != YNode::Kind::kMap || n.entries.empty()) {
      Error(n, "wrong-type",
            "expected " + what + " (a string, or a map by language such as {ru: ..., en: ...}), "
            "found " + KindName(n));
      return text;
    }
    for (const auto& [k, v] : n.entries) {
      if (k.kind != YNode::Kind::kScalar) continue;
      NoteLanguage(k);
      if (std::optional<std::string> s = ReadString(v, "the '" + Fragment(k.value) + "' text")) {
        text.by_lang[k.value] = *s;
      }
    }
    return text;
  }

  // A list of strings, or a map by language of lists of strings.
  void ReadTriggerList(const YNode& n, TriggerKind kind, const std::string& what,
                       std::vector<TriggerAst>* out) {
    auto read_list = [&](const YNode& list, const std::string& language) {
      if (!ExpectSeq(list, "a list of strings for " + what)) return;
      for (const YNode& item : list.items) {
        if (std::optional<std::string> s = ReadString(item, "a string in " + what)) {
          if (s->empty()) {
            Error(item, "empty-trigger", "an empty string in " + what + " matches nothing");
            continue;
          }
          out->push_back({kind, *s, language, Pos(item)});
        }
      }
    };
    if (n.kind == YNode::Kind::kMap) {
      for (const auto& [k, v] : n.entries) {
        if (k.kind != YNode::Kind::kScalar) continue;
        NoteLanguage(k);
        read_list(v, k.value);
      }
      return;
    }
    if (n.kind != YNode::Kind::kSeq) {
      Error(n, "wrong-type",
            "expected a list of strings (or a map by language of lists) for " + what +
                ", found " + KindName(n));
      return;
    }
    read_list(n, "");
  }

  // keywords / phrases / regex of `map` (its other keys are the caller's business).
  void ReadTriggerKeys(const YNode& map, std::vector<TriggerAst>* out) {
    if (const YNode* v = Find(map, "keywords")) ReadTriggerList(*v, TriggerKind::kKeyword, "keywords", out);
    if (const YNode* v = Find(map, "phrases")) ReadTriggerList(*v, TriggerKind::kPhrase, "phrases", out);
    if (const YNode* v = Find(map, "regex")) ReadTriggerList(*v, TriggerKind::kRegex, "regex", out);
  }

  TargetAst ReadTarget(const YNode& n) {
    TargetAst t;
    t.pos = Pos(n);
    std::optional<std::string> s = ReadString(n, "a goto target (step, flow or flow.step)");
    if (!s) return t;
    t.target = *s;
    size_t dot = s->find('.');
    bool ok = dot == std::string::npos
                  ? IsIdentifier(*s, true)
                  : IsIdentifier(s->substr(0, dot), true) && IsIdentifier(s->substr(dot + 1), true);
    if (!ok) {
      Error(n, "invalid-target",
            "'" + Fragment(*s) + "' is not a goto target; expected 'step', 'flow' or 'flow.step' (ids "
            "of Latin letters, digits, '_' and '-'; unnamed steps cannot be targets)");
      t.target.clear();  // reported once here, not again as a missing step
    }
    return t;
  }

  ButtonAst ReadButton(const YNode& n) {
    ButtonAst b;
    b.pos = Pos(n);
    if (!ExpectMap(n, "a button (a map with label and goto or url)")) return b;
    CheckKeys(n, kButtonKeys, "a button");
    if (const YNode* label = Required(n, "label", "a button")) b.label = ReadText(*label, "a label");
    const YNode* go = Find(n, "goto");
    const YNode* url = Find(n, "url");
    if (go) b.go = ReadTarget(*go);
    if (url) {
      if (std::optional<std::string> s = ReadString(*url, "a URL")) b.url = *s;
      if (b.url.empty() && url->kind == YNode::Kind::kScalar) {
        Error(*url, "button-url", "a link button has an empty url");
      }
    }
    if (go && url) {
      Error(*url, "button-goto-and-url", "a button has either 'goto' or 'url', not both");
    } else if (!go && !url) {
      Error(n, "missing-key", "a button needs 'goto' (a step or flow) or 'url' (a link)");
    }
    return b;
  }

  std::vector<ButtonAst> ReadButtons(const YNode& n) {
    std::vector<ButtonAst> out;
    if (!ExpectSeq(n, "a list of buttons")) return out;
    for (const YNode& item : n.items) out.push_back(ReadButton(item));
    return out;
  }

  // --- steps ------------------------------------------------------------------

  StepAst ReadStep(const YNode& n, size_t index, const std::string& where) {
    StepAst step;
    step.id = "#" + std::to_string(index + 1);
    step.pos = Pos(n);
    if (!ExpectMap(n, "a step (a map with one of say, ask, set, if, goto, handoff, end)")) {
      return step;
    }
    if (const YNode* id = Find(n, "id")) {
      step.id = ReadId(*id, "a step id", true);
      step.id_written = true;
    }
    // Find the action.
    std::vector<const YNode*> actions;
    for (const auto& [k, v] : n.entries) {
      if (k.kind == YNode::Kind::kScalar && Contains(kActionKeys, k.value)) actions.push_back(&k);
    }
    if (actions.empty()) {
      Keys all = kAskKeys;
      for (const Keys* ks : {&kSayKeys, &kSetKeys, &kIfKeys, &kHandoffStepKeys}) {
        for (const std::string& k : *ks) {
          if (!Contains(all, k)) all.push_back(k);
        }
      }
      std::string hint;
      for (const auto& [k, v] : n.entries) {
        if (k.kind != YNode::Kind::kScalar || Contains(all, k.value)) continue;
        std::string close = ClosestMatch(k.value, kActionKeys);
        if (!close.empty()) hint = "did you mean '" + close + "'?";
      }
      Error(n, "step-no-action",
            "a step in " + where + " has no action; expected one of " + JoinNames(kActionKeys),
            hint);
      return step;
    }
    std::string action = actions[0]->value;
    if (actions.size() == 2 && (actions[0]->value == "say" || actions[1]->value == "say") &&
        (Contains({"handoff", "end"}, actions[0]->value) ||
         Contains({"handoff", "end"}, actions[1]->value))) {
      action = actions[0]->value == "say" ? actions[1]->value : actions[0]->value;
    } else if (actions.size() > 1) {
      for (size_t i = 1; i < actions.size(); ++i) {
        Error(*actions[i], "step-two-actions",
              "a step has two actions, '" + actions[0]->value + "' and '" + actions[i]->value +
                  "'; a step does one thing (only handoff and end take a 'say' as their text)",
              "split it into two steps");
      }
    }
    static const std::map<std::string, std::pair<StepKind, const Keys*>> kKinds = {
        {"say", {StepKind::kSay, &kSayKeys}},        {"ask", {StepKind::kAsk, &kAskKeys}},
        {"set", {StepKind::kSet, &kSetKeys}},        {"if", {StepKind::kIf, &kIfKeys}},
        {"goto", {StepKind::kGoto, &kGotoKeys}},     {"handoff", {StepKind::kHandoff, &kHandoffStepKeys}},
        {"end", {StepKind::kEnd, &kEndKeys}},        {"http", {StepKind::kHttp, &kHttpStepKeys}}};
    const auto& [kind, keys] = kKinds.at(action);
    step.kind = kind;
    if (actions.size() == 1 || action == "handoff" || action == "end") {
      CheckKeys(n, *keys, std::string(action[0] == 'a' || action[0] == 'e' || action[0] == 'i' ? "an '" : "a '") + action + "' step");
    }
    switch (kind) {
      case StepKind::kSay: ReadSay(n, &step); break;
      case StepKind::kAsk: ReadAsk(n, &step); break;
      case StepKind::kSet: ReadSet(n, &step); break;
      case StepKind::kIf: ReadIf(n, &step); break;
      case StepKind::kGoto: step.go = ReadTarget(*Find(n, "goto")); break;
      case StepKind::kHandoff: ReadHandoff(n, &step); break;
      case StepKind::kHttp: ReadHttp(n, &step); break;
      case StepKind::kEnd: {
        const YNode& v = *Find(n, "end");
        if (v.kind != YNode::Kind::kNull) {
          Error(v, "wrong-type",
                "expected nothing after 'end:', found " + KindName(v) +
                    "; put the closing text in 'say'");
        }
        if (const YNode* say = Find(n, "say")) step.text = ReadText(*say, "a text");
        break;
      }
    }
    return step;
  }

  void ReadLocalTriggers(const YNode& n, StepAst* step) {
    if (!ExpectSeq(n, "a list of step triggers (each with keywords/phrases/regex and goto)")) return;
    for (const YNode& item : n.items) {
      if (!ExpectMap(item, "a step trigger (keywords/phrases/regex and goto)")) continue;
      CheckKeys(item, kLocalTriggerKeys, "a step trigger");
      LocalTriggerAst local;
      local.pos = Pos(item);
      ReadTriggerKeys(item, &local.triggers);
      if (!Find(item, "keywords") && !Find(item, "phrases") && !Find(item, "regex")) {
        Error(item, "missing-key", "a step trigger needs keywords, phrases or regex");
      }
      if (const YNode* go = Required(item, "goto", "a step trigger")) local.go = ReadTarget(*go);
      step->on.push_back(std::move(local));
    }
  }

  void ReadSay(const YNode& n, StepAst* step) {
    step->text = ReadText(*Find(n, "say"), "a text to say");
    if (const YNode* v = Find(n, "buttons")) step->buttons = ReadButtons(*v);
    if (const YNode* v = Find(n, "menu")) {
      step->menu = ReadId(*v, "a menu id", true);
      step->menu_pos = Pos(*v);
    }
    if (const YNode* v = Find(n, "quick_replies")) {
      if (ExpectSeq(*v, "a list of texts for quick_replies")) {
        for (const YNode& item : v->items) step->quick_replies.push_back(ReadText(item, "a quick reply"));
      }
    }
    if (const YNode* v = Find(n, "on")) ReadLocalTriggers(*v, step);
  }

  void ReadAsk(const YNode& n, StepAst* step) {
    const YNode& slot = *Find(n, "ask");
    step->slot_pos = Pos(slot);
    if (std::optional<std::string> s = ReadString(slot, "a slot name after 'ask:'")) {
      step->slot = *s;
      if (!IsIdentifier(*s, false)) {
        Error(slot, "invalid-slot-name",
              "'" + Fragment(*s) + "' is not a valid slot name: use Latin letters, digits and '_', not "
              "starting with a digit");
      }
    }
    if (const YNode* v = Find(n, "type")) {
      if (std::optional<std::string> s = ReadString(*v, "a slot type")) {
        static const std::map<std::string, SlotType> kTypes = {
            {"text", SlotType::kText},   {"number", SlotType::kNumber},
            {"phone", SlotType::kPhone}, {"email", SlotType::kEmail},
            {"date", SlotType::kDate},   {"choice", SlotType::kChoice}};
        auto it = kTypes.find(*s);
        if (it != kTypes.end()) {
          step->slot_type = it->second;
        } else {
          std::string close = ClosestMatch(*s, kSlotTypes);
          Error(*v, "unknown-slot-type",
                "unknown slot type '" + Fragment(*s) + "'; expected one of " + JoinNames(kSlotTypes),
                close.empty() ? "" : "did you mean '" + close + "'?");
        }
      }
    }
    if (const YNode* v = Required(n, "prompt", "an 'ask' step")) step->prompt = ReadText(*v, "a prompt");
    if (const YNode* v = Find(n, "retry")) step->retry = ReadText(*v, "a retry text");
    if (const YNode* v = Find(n, "max_attempts")) {
      if (auto i = ReadInt(*v, "max_attempts", 1, 10)) step->max_attempts = *i;
    }
    if (const YNode* v = Find(n, "on_fail")) step->on_fail = ReadTarget(*v);
    if (const YNode* v = Find(n, "validate")) {
      step->validate_pos = Pos(*v);
      if (auto s = ReadString(*v, "an RE2 pattern for validate")) step->validate_regex = *s;
    }
    const YNode* min = Find(n, "min");
    const YNode* max = Find(n, "max");
    for (const YNode* bound : {min, max}) {
      if (!bound) continue;
      const char* name = bound == min ? "min" : "max";
      if (step->slot_type != SlotType::kNumber) {
        Error(*bound, "key-not-allowed",
              std::string("'") + name + "' applies to a number question only (type: number)");
        continue;
      }
      auto d = ReadNumber(*bound, name, -1e15, 1e15);
      (bound == min ? step->min : step->max) = d;
    }
    if (step->min && step->max && *step->min > *step->max) {
      Error(*min, "out-of-range", "min " + Num(*step->min) + " is above max " + Num(*step->max));
    }
    if (const YNode* v = Find(n, "skip_if_set")) {
      if (auto b = ReadBool(*v, "skip_if_set")) step->skip_if_set = *b;
    }
    if (const YNode* v = Find(n, "prefill")) {
      if (auto b = ReadBool(*v, "prefill")) step->prefill = *b;
    }
    ReadDynamicOptions(n, step);
    const YNode* options = Find(n, "options");
    if (step->slot_type == SlotType::kChoice && !options && step->options_from.empty()) {
      Error(n, "missing-key", "a choice question needs 'options' or 'options_from'");
    } else if (options && !step->options_from.empty()) {
      Error(*options, "key-not-allowed", "a choice question has either 'options' or 'options_from', not both");
    } else if (options && step->slot_type != SlotType::kChoice) {
      Error(*options, "key-not-allowed", "'options' applies to a choice question only (type: choice)");
    } else if (options && ExpectSeq(*options, "a list of options")) {
      if (options->items.empty()) Error(*options, "wrong-type", "a choice question needs at least one option");
      for (const YNode& item : options->items) {
        if (!ExpectMap(item, "an option (a map with value, label, synonyms)")) continue;
        CheckKeys(item, kOptionKeys, "an option");
        ChoiceOptionAst option;
        option.pos = Pos(item);
        if (const YNode* value = Required(item, "value", "an option")) {
          if (auto s = ReadString(*value, "an option value")) option.value = *s;
        }
        if (const YNode* label = Find(item, "label")) {
          option.label = ReadText(*label, "a label");
        } else {
          option.label.by_lang[""] = option.value;
          option.label.pos = option.pos;
        }
        if (const YNode* syn = Find(item, "synonyms")) {
          ReadTriggerList(*syn, TriggerKind::kKeyword, "synonyms", &option.synonyms);
        }
        step->options.push_back(std::move(option));
      }
    }
    if (const YNode* v = Find(n, "on")) ReadLocalTriggers(*v, step);
  }

  void ReadSet(const YNode& n, StepAst* step) {
    const YNode& v = *Find(n, "set");
    if (!ExpectMap(v, "a map of slot: value after 'set:'")) return;
    for (const auto& [k, value] : v.entries) {
      if (k.kind != YNode::Kind::kScalar) continue;
      if (!IsIdentifier(k.value, false)) {
        Error(k, "invalid-slot-name",
              "'" + Fragment(k.value) + "' is not a valid slot name: use Latin letters, digits and '_'");
      }
      if (auto s = ReadString(value, "a value (text) for slot '" + Fragment(k.value) + "'")) {
        step->assignments.emplace_back(k.value, *s);
      }
    }
  }

  // options_from, option_value, option_label, max_buttons, more.
  void ReadDynamicOptions(const YNode& n, StepAst* step) {
    const YNode* from = Find(n, "options_from");
    for (const char* key : {"option_value", "option_label", "max_buttons", "more"}) {
      const YNode* v = Find(n, key);
      if (v && step->slot_type != SlotType::kChoice) {
        Error(*v, "key-not-allowed", std::string("'") + key + "' applies to a choice question only (type: choice)");
      }
    }
    if (from) {
      if (step->slot_type != SlotType::kChoice) {
        Error(*from, "key-not-allowed", "'options_from' applies to a choice question only (type: choice)");
      } else {
        step->options_from = ReadId(*from, "a slot name for options_from", false);
        step->options_from_pos = Pos(*from);
      }
    }
    for (auto [key, out] : {std::pair{"option_value", &step->option_value}, std::pair{"option_label", &step->option_label}}) {
      const YNode* v = Find(n, key);
      if (!v) continue;
      if (!from) Error(*v, "key-not-allowed", std::string("'") + key + "' goes with 'options_from'");
      if (auto s = ReadString(*v, "a JSON pointer such as /id")) {
        if (!s->empty() && (*s)[0] != '/') {
          Error(*v, "bad-pointer", "'" + Fragment(*s) + "' is not a JSON pointer", "JSON pointers start with '/', e.g. /name/ru");
        }
        *out = *s;
      }
    }
    if (const YNode* v = Find(n, "max_buttons")) {
      if (auto i = ReadInt(*v, "max_buttons", 1, 50)) step->max_buttons = *i;
    }
    if (const YNode* v = Find(n, "more")) step->more = ReadText(*v, "the label of the 'more' button");
  }

  void ReadHttp(const YNode& n, StepAst* step) {
    HttpAst& http = step->http;
    const YNode& v = *Find(n, "http");
    if (!ExpectMap(v, "a map with service, method, path, query, body, save")) return;
    CheckKeys(v, kHttpKeys, "an http call");
    if (const YNode* s = Required(v, "service", "an http call")) {
      http.service = ReadId(*s, "a service id", true);
      http.service_pos = Pos(*s);
    }
    if (const YNode* m = Find(v, "method")) {
      if (auto s = ReadString(*m, "an HTTP method")) {
        if (!Contains(kHttpMethods, *s)) {
          std::string close = ClosestMatch(*s, kHttpMethods);
          Error(*m, "unknown-method", "unknown HTTP method '" + Fragment(*s) + "'; expected one of " + JoinNames(kHttpMethods),
                close.empty() ? "" : "did you mean '" + close + "'?");
        } else {
          http.method = *s;
        }
      }
    }
    if (const YNode* p = Required(v, "path", "an http call")) {
      if (auto s = ReadString(*p, "a path such as /orders/{{order_number}}")) {
        if (s->empty() || (*s)[0] != '/') {
          Error(*p, "bad-path", "the path '" + Fragment(*s) + "' must start with '/'",
                "the host comes from the service's base_url; write only the path here");
        } else if (s->find("://") != std::string::npos) {
          Error(*p, "bad-path", "the path '" + Fragment(*s) + "' holds a URL", "put the host in services: <id>: base_url");
        }
        http.path = *s;
      }
    }
    auto read_pairs = [&](const char* key, const std::string& what,
                          std::vector<std::pair<std::string, std::string>>* out) {
      const YNode* m = Find(v, key);
      if (!m || !ExpectMap(*m, what)) return;
      for (const auto& [k, value] : m->entries) {
        if (k.kind != YNode::Kind::kScalar) continue;
        if (auto s = ReadString(value, "a text for '" + Fragment(k.value) + "'")) out->emplace_back(k.value, *s);
      }
    };
    read_pairs("query", "a map of query parameters (name: template)", &http.query);
    read_pairs("body", "a map of JSON fields (name: template)", &http.body);
    read_pairs("save", "a map of slot: JSON pointer", &http.save);
    read_pairs("save_error", "a map of slot: JSON pointer", &http.save_error);
    for (auto [key, pairs] : {std::pair{"save", &http.save}, std::pair{"save_error", &http.save_error}}) {
      for (const auto& [slot, pointer] : *pairs) {
        if (!IsIdentifier(slot, false)) {
          Error(*Find(v, key), "invalid-slot-name", "'" + Fragment(slot) + "' is not a valid slot name");
        }
        if (!pointer.empty() && pointer[0] != '/') {
          Error(*Find(v, key), "bad-pointer", "'" + Fragment(pointer) + "' for slot '" + Fragment(slot) + "' is not a JSON pointer",
                "JSON pointers start with '/', e.g. /id; an empty pointer takes the whole response");
        }
      }
    }
    if (!http.body.empty() && (http.method == "GET" || http.method == "DELETE")) {
      Error(*Find(v, "body"), "key-not-allowed", "a " + http.method + " call has no body", "use query, or method: POST");
    }
    if (const YNode* t = Find(v, "timeout_ms")) http.timeout_ms = ReadInt(*t, "timeout_ms", 50, 60000);
    if (const YNode* r = Find(v, "retries")) http.retries = ReadInt(*r, "retries", 0, 5);
    if (const YNode* m = Find(v, "max_response_bytes")) {
      http.max_response_bytes = ReadInt(*m, "max_response_bytes", 1, 16 << 20);
    }
    if (const YNode* on = Find(n, "on_status")) {
      if (ExpectMap(*on, "a map of HTTP status: step")) {
        for (const auto& [k, target] : on->entries) {
          if (k.kind != YNode::Kind::kScalar) continue;
          char* end = nullptr;
          long status = std::strtol(k.value.c_str(), &end, 10);
          if (k.value.empty() || *end != '\0' || status < 100 || status > 599) {
            Error(k, "bad-status", "'" + Fragment(k.value) + "' is not an HTTP status (100-599)");
            continue;
          }
          http.on_status.emplace_back(static_cast<int>(status), ReadTarget(target));
        }
      }
    }
    if (const YNode* e = Find(n, "on_error")) http.on_error = ReadTarget(*e);
  }

  void ReadServices(const YNode& v) {
    if (!ExpectMap(v, "a map of services (id: base_url, timeout_ms, headers)")) return;
    for (const auto& [k, value] : v.entries) {
      if (k.kind != YNode::Kind::kScalar) continue;
      ServiceAst service;
      service.pos = Pos(k);
      service.id = ReadId(k, "a service id", true);
      if (!ExpectMap(value, "a service (base_url, timeout_ms, headers)")) continue;
      CheckKeys(value, kServiceKeys, "a service");
      if (const YNode* b = Required(value, "base_url", "a service")) {
        if (auto s = ReadString(*b, "a base URL such as http://127.0.0.1:8081")) service.base_url = *s;
      }
      if (const YNode* t = Find(value, "timeout_ms")) {
        if (auto i = ReadInt(*t, "timeout_ms", 50, 60000)) service.timeout_ms = *i;
      }
      if (const YNode* h = Find(value, "headers")) {
        if (ExpectMap(*h, "a map of header: value")) {
          for (const auto& [hk, hv] : h->entries) {
            if (hk.kind != YNode::Kind::kScalar) continue;
            if (auto s = ReadString(hv, "a header value")) service.headers.emplace_back(hk.value, *s);
          }
        }
      }
      for (const ServiceAst& other : sources_->services) {
        if (other.id == service.id) {
          Error(k, "duplicate-id", "service '" + service.id + "' is defined twice; the first is at " +
                                       other.pos.file + ":" + std::to_string(other.pos.line));
        }
      }
      sources_->services.push_back(std::move(service));
    }
  }

  ConditionAst ReadCondition(const YNode& n) {
    ConditionAst cond;
    cond.pos = Pos(n);
    auto s = ReadString(n, "a condition such as \"service == manicure and not master\"");
    if (!s) return cond;
    size_t offset = 0;
    Result<ConditionAst> parsed = ParseCondition(*s, &offset);
    if (!parsed.ok()) {
      cond.source = *s;
      int column = n.column + (n.quoted ? 1 : 0) + CharCount(*s, offset);
      ErrorAt(n.line, column, "bad-condition",
              parsed.status().message() + " in condition '" + Fragment(*s) + "'",
              "conditions are: slot, not slot, slot == value (!= < <= > >=), slot in [a, b], "
              "joined by 'and'");
      return cond;
    }
    cond = std::move(*parsed);
    cond.pos = Pos(n);
    return cond;
  }

  void ReadIf(const YNode& n, StepAst* step) {
    const YNode& v = *Find(n, "if");
    if (ExpectSeq(v, "a list of branches (each with when and goto) after 'if:'")) {
      if (v.items.empty()) Error(v, "wrong-type", "an 'if' needs at least one branch");
      for (const YNode& item : v.items) {
        if (!ExpectMap(item, "a branch (a map with when and goto)")) continue;
        CheckKeys(item, kBranchKeys, "an if branch");
        BranchAst branch;
        if (const YNode* when = Required(item, "when", "an if branch")) branch.when = ReadCondition(*when);
        if (const YNode* go = Required(item, "goto", "an if branch")) branch.go = ReadTarget(*go);
        step->branches.push_back(std::move(branch));
      }
    }
    if (const YNode* e = Find(n, "else")) step->otherwise = ReadTarget(*e);
  }

  void ReadHandoff(const YNode& n, StepAst* step) {
    const YNode& v = *Find(n, "handoff");
    if (v.kind == YNode::Kind::kMap) {
      CheckKeys(v, kHandoffKeys, "a handoff");
      if (const YNode* r = Find(v, "reason")) {
        if (auto s = ReadString(*r, "a reason")) step->reason = *s;
      }
      if (const YNode* d = Find(v, "department")) {
        if (auto s = ReadString(*d, "a department")) step->department = *s;
      }
      if (const YNode* p = Find(v, "priority")) {
        if (auto i = ReadInt(*p, "priority", 0, 100)) step->priority = *i;
      }
    } else if (v.kind != YNode::Kind::kNull) {
      Error(v, "wrong-type",
            "expected nothing or a map (reason, priority, department) after 'handoff:', found " +
                KindName(v));
    }
    if (const YNode* say = Find(n, "say")) step->text = ReadText(*say, "a text");
  }

  // --- flows and sections -------------------------------------------------------

  void ReadFlowBody(const YNode& map, FlowAst* flow) {
    if (const YNode* v = Find(map, "title")) flow->title = ReadText(*v, "a title");
    if (const YNode* v = Find(map, "priority")) {
      if (auto i = ReadInt(*v, "priority", -100, 100)) flow->priority = *i;
    }
    if (const YNode* v = Find(map, "resume")) {
      if (auto b = ReadBool(*v, "resume")) flow->resume = *b;
    }
    if (const YNode* v = Find(map, "match_threshold")) {
      if (auto d = ReadNumber(*v, "match_threshold", 0, 1)) flow->match_threshold = *d;
    }
    if (const YNode* v = Find(map, "ask_threshold")) {
      if (auto d = ReadNumber(*v, "ask_threshold", 0, 1)) flow->ask_threshold = *d;
    }
    if (const YNode* v = Find(map, "triggers")) {
      if (ExpectMap(*v, "a map with keywords, phrases and/or regex")) {
        CheckKeys(*v, kTriggerKeys, "triggers");
        ReadTriggerKeys(*v, &flow->triggers);
      }
    }
    const YNode* steps = Required(map, "steps", "flow '" + flow->id + "'");
    if (steps && ExpectSeq(*steps, "a list of steps")) {
      if (steps->items.empty()) Error(*steps, "empty-flow", "flow '" + flow->id + "' has no steps");
      for (size_t i = 0; i < steps->items.size(); ++i) {
        flow->steps.push_back(ReadStep(steps->items[i], i, "flow '" + flow->id + "'"));
      }
    }
  }

  void ReadBot(const YNode& key, const YNode& v) {
    BotAst& bot = sources_->bot;
    if (bot.present) {
      Error(key, "duplicate-section",
            "a second 'bot:' section; the first is in " + bot.pos.file + " at line " +
                std::to_string(bot.pos.line));
      return;
    }
    bot.present = true;
    bot.pos = Pos(key);
    if (!ExpectMap(v, "a map of bot settings")) return;
    CheckKeys(v, kBotKeys, "bot");
    if (const YNode* l = Find(v, "languages")) {
      if (ExpectSeq(*l, "a list of language codes such as [ru, en]")) {
        if (l->items.empty()) Error(*l, "wrong-type", "bot.languages needs at least one language");
        std::vector<std::string> languages;
        for (const YNode& item : l->items) {
          auto s = ReadString(item, "a language code");
          if (!s) continue;
          if (!IsLanguageCode(*s)) {
            Error(item, "invalid-language", "'" + Fragment(*s) + "' is not a language code such as ru or en");
          }
          languages.push_back(*s);
        }
        if (!languages.empty()) {
          bot.languages = languages;
          bot.default_language = languages.front();
        }
      }
    }
    if (const YNode* d = Find(v, "default_language")) {
      if (auto s = ReadString(*d, "a language code")) {
        bot.default_language = *s;
        if (!Contains(bot.languages, *s)) {
          Error(*d, "unknown-language",
                "default_language '" + Fragment(*s) + "' is not in bot.languages [" +
                    JoinNames(bot.languages) + "]");
        }
      }
    }
    if (const YNode* s = Find(v, "start")) {
      bot.start_flow = ReadId(*s, "a flow id", true);
      bot.start_pos = Pos(*s);
    }
    if (const YNode* t = Find(v, "timezone")) {
      if (auto s = ReadString(*t, "a time zone such as Europe/Moscow")) bot.timezone = *s;
    }
    if (const YNode* m = Find(v, "match_threshold")) {
      if (auto d = ReadNumber(*m, "match_threshold", 0, 1)) bot.match_threshold = *d;
    }
    if (const YNode* m = Find(v, "ambiguity_margin")) {
      if (auto d = ReadNumber(*m, "ambiguity_margin", 0, 1)) bot.ambiguity_margin = *d;
    }
    if (const YNode* m = Find(v, "ask_threshold")) {
      if (auto d = ReadNumber(*m, "ask_threshold", 0, 1)) bot.ask_threshold = *d;
    }
  }

  // synonyms: and concepts: are both maps of a word to a list of words.
  void ReadWordGroups(const YNode& v, const std::string& what, std::vector<SynonymGroupAst>* out) {
    if (!ExpectMap(v, "a map of word: [" + what + "]")) return;
    for (const auto& [k, list] : v.entries) {
      if (k.kind != YNode::Kind::kScalar) continue;
      SynonymGroupAst group;
      group.canonical = k.value;
      group.pos = Pos(k);
      if (ExpectSeq(list, "a list of strings (the " + what + " of '" + Fragment(k.value) + "')")) {
        for (const YNode& item : list.items) {
          if (auto s = ReadString(item, "a word")) group.variants.push_back(*s);
        }
      }
      out->push_back(std::move(group));
    }
  }

  void ReadMenus(const YNode& v) {
    if (!ExpectMap(v, "a map of menu id: [buttons]")) return;
    for (const auto& [k, list] : v.entries) {
      if (k.kind != YNode::Kind::kScalar) continue;
      MenuAst menu;
      menu.id = ReadId(k, "a menu id", true);
      menu.pos = Pos(k);
      menu.buttons = ReadButtons(list);
      sources_->menus.push_back(std::move(menu));
    }
  }

  void ReadCommands(const YNode& v) {
    if (!ExpectMap(v, "a map of commands (start, menu, cancel, back, operator)")) return;
    CheckKeys(v, kCommandNames, "commands");
    static const std::map<std::string, CommandKind> kKinds = {
        {"start", CommandKind::kStart},   {"menu", CommandKind::kMenu},
        {"cancel", CommandKind::kCancel}, {"back", CommandKind::kBack},
        {"operator", CommandKind::kOperator}};
    for (const auto& [k, body] : v.entries) {
      if (k.kind != YNode::Kind::kScalar) continue;
      auto it = kKinds.find(k.value);
      if (it == kKinds.end()) continue;
      CommandAst command{it->second, {}, {}, Pos(k)};
      if (ExpectMap(body, "a map with keywords/phrases/regex" +
                              std::string(k.value == "cancel" || k.value == "back" ? "" : " and goto"))) {
        CheckKeys(body, kLocalTriggerKeys, "command '" + Fragment(k.value) + "'");
        ReadTriggerKeys(body, &command.triggers);
        if (!Find(body, "keywords") && !Find(body, "phrases") && !Find(body, "regex")) {
          Error(body, "missing-key", "command '" + Fragment(k.value) + "' needs keywords, phrases or regex");
        }
        const YNode* go = Find(body, "goto");
        if (go && (k.value == "cancel" || k.value == "back")) {
          Error(*KeyNode(body, "goto"), "key-not-allowed",
                "command '" + Fragment(k.value) + "' takes no goto: it " +
                    (k.value == "cancel" ? "leaves every flow" : "goes one question back"));
        } else if (go) {
          command.go = ReadTarget(*go);
        } else if (k.value == "menu" || k.value == "operator") {
          Error(body, "missing-key", "missing required key 'goto' in command '" + Fragment(k.value) + "'");
        }
      }
      sources_->commands.push_back(std::move(command));
    }
  }

  void ReadFallback(const YNode& key, const YNode& v) {
    FallbackAst& fallback = sources_->fallback;
    if (!fallback.levels.empty() || fallback.pos.line > 0) {
      Error(key, "duplicate-section",
            "a second 'fallback:' section; the first is in " + fallback.pos.file + " at line " +
                std::to_string(fallback.pos.line));
      return;
    }
    fallback.pos = Pos(key);
    if (!ExpectSeq(v, "a list of steps (one per missed message in a row)")) return;
    if (v.items.empty()) Error(v, "wrong-type", "fallback needs at least one step");
    for (size_t i = 0; i < v.items.size(); ++i) {
      fallback.levels.push_back(ReadStep(v.items[i], i, "fallback"));
    }
  }

  const std::string& file_;
  YamlLoadContext* context_;
  BotSources* sources_;
  std::vector<Diagnostic>* diagnostics_;
};

// A hint for the syntax errors staff run into most.
std::string SyntaxHint(std::string_view content, const YAML::Exception& e) {
  size_t pos = e.mark.pos >= 0 ? static_cast<size_t>(e.mark.pos) : content.size();
  if (pos < content.size() && content[pos] == '?') {
    return "inside [...] or {...}, put a text with '?' in quotes: \"Сколько стоит?\"";
  }
  if (e.msg.find("unknown escape") != std::string::npos) {
    return "inside \"double quotes\" a backslash starts an escape; write \\\\ or use "
           "'single quotes' (regex patterns: always single quotes)";
  }
  return "";
}

// A YAML syntax error as a diagnostic. Tabs and indentation cause most of them,
// and yaml-cpp often notices only lines later, so the line to fix is looked for
// first, up to the line of the error.
Diagnostic SyntaxError(const std::string& file, std::string_view content, ColumnMap& columns,
                       const YAML::Exception& e) {
  bool placed = e.mark.line >= 0;
  int last_line = placed ? e.mark.line + 1 : 1 << 30;
  TextPlace place;
  if (FindIndentTab(content, last_line, &place)) {
    return {Severity::kError, file, place.line, place.column, "yaml-tab",
            "tab character in indentation; YAML indents with spaces",
            "replace the tab with spaces (editors can convert indentation to spaces)"};
  }
  int expected = 0;
  if (FindMisindentedLine(content, last_line, &place, &expected)) {
    return {Severity::kError, file, place.line, place.column, "yaml-indentation",
            "YAML syntax error (" + e.msg + "), most likely from indentation: line " +
                std::to_string(place.line) + " is indented by " + std::to_string(place.column - 1) +
                " spaces, which fits no block around it",
            "indent it by " + std::to_string(expected - 1) +
                " spaces, like the other keys or items of its block"};
  }
  return {Severity::kError, file, placed ? e.mark.line + 1 : 0, placed ? columns.Column(e.mark) : 0,
          "yaml-syntax", "YAML syntax error: " + e.msg, SyntaxHint(content, e)};
}

}  // namespace

namespace {

// Runs yaml-cpp's parser over `content` into a YNode tree; false (with the problem
// in *diagnostics) when it stopped on an error.
bool ParseTree(const std::string& file, std::string_view content, YamlLoadContext* context,
               std::optional<YNode>* root, std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> duplicates;
  ColumnMap columns(content);
  try {
    std::istringstream in{std::string(content)};
    YAML::Parser parser(in);
    TreeBuilder builder(context, &duplicates, file, columns);
    while (parser.HandleNextDocument(builder)) {
    }
    *root = std::move(builder.root());
  } catch (const StopLoading& stop) {
    diagnostics->push_back(
        {Severity::kError, file, stop.line, stop.column, stop.code, stop.message, ""});
    return false;
  } catch (const YAML::Exception& e) {
    diagnostics->push_back(SyntaxError(file, content, columns, e));
    return false;
  } catch (const std::exception& e) {
    diagnostics->push_back(
        {Severity::kError, file, 0, 0, "yaml-syntax", std::string("cannot read: ") + e.what(), ""});
    return false;
  }
  diagnostics->insert(diagnostics->end(), duplicates.begin(), duplicates.end());
  return true;
}

}  // namespace

void LoadYamlFlowFile(const std::string& file, std::string_view content,
                      YamlLoadContext* context, BotSources* sources,
                      std::vector<Diagnostic>* diagnostics) {
  std::optional<YNode> root;
  if (!ParseTree(file, content, context, &root, diagnostics) || !root) return;
  Converter(file, context, sources, diagnostics).Convert(*root);
}

bool CheckYamlText(const std::string& file, std::string_view content, YamlLoadContext* context,
                   std::vector<Diagnostic>* diagnostics) {
  std::optional<YNode> root;
  return ParseTree(file, content, context, &root, diagnostics);
}

}  // namespace switchboard
