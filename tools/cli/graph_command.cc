// `switchboard graph DIR [--format mermaid|dot]`: the flows as a diagram, one
// cluster per flow, an edge for every way control can move between steps, and
// what leads into the flows from outside: each flow's triggers, the global
// commands, the start flow and the fallback levels. Labels keep what staff wrote
// (brackets, quotes, braces), escaped for the format chosen.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "flow/flow_loader.h"
#include "flow/flow_program.h"
#include "switchboard/engine.h"

namespace switchboard::cli {
namespace {

struct Edge {
  std::string from;
  std::string to;
  std::string label;
};

struct Node {
  std::string id;
  std::string label;
  bool entry = false;  // a trigger, command or the fallback: drawn round, not boxed
};

std::string StepId(int step) { return "s" + std::to_string(step); }

// A template as written: literal text, slots as {{name}}.
std::string Written(const Template& t) {
  std::string out;
  for (const Template::Part& part : t.parts()) out += part.is_slot ? "{{" + part.text + "}}" : part.text;
  return out;
}

// The text in the first language it has ("" sorts first: the shared text).
std::string Written(const CompiledText& text) {
  return text.by_lang.empty() ? "" : Written(text.by_lang.begin()->second);
}

// At most `max` characters (not bytes) of `s`, with "..." where it was cut.
std::string Shorten(const std::string& s, size_t max) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars++ == max) return s.substr(0, i) + "...";
  }
  return s;
}

// A short description of a step for its box.
std::string Caption(const CompiledStep& s) {
  std::string name = s.name.substr(s.name.find('.') + 1);
  switch (s.kind) {
    case StepKind::kSay: return name + (s.waits ? ": buttons" : ": say");
    case StepKind::kAsk: return name + ": ask " + s.slot;
    case StepKind::kSet: return name + ": set";
    case StepKind::kIf: return name + ": if";
    case StepKind::kGoto: return name + ": goto";
    case StepKind::kHandoff: return name + ": handoff " + s.reason;
    case StepKind::kEnd: return name + ": end";
    case StepKind::kHttp: return name + ": " + s.http.method + " " + Written(s.http.path);
  }
  return name;
}

// Edges out of one step; `from` names it in the diagram.
void StepEdges(const CompiledStep& s, const std::string& from, std::vector<Edge>* edges) {
  auto add = [&](int to, std::string label) {
    if (to != kNoStep && to >= 0) edges->push_back({from, StepId(to), std::move(label)});
  };
  switch (s.kind) {
    case StepKind::kGoto: add(s.target, ""); break;
    case StepKind::kIf:
      for (const CompiledBranch& b : s.branches) add(b.target == kNoStep ? s.next : b.target, b.when.source);
      add(s.otherwise != kNoStep ? s.otherwise : s.next, "else");
      break;
    case StepKind::kHandoff:
    case StepKind::kEnd: break;
    case StepKind::kAsk:
      add(s.next, "answer");
      add(s.on_fail, "on_fail");
      break;
    case StepKind::kSay:
      if (!s.waits) add(s.next, "");
      break;
    case StepKind::kSet:
      add(s.next, "");
      break;
    case StepKind::kHttp:
      add(s.next, "ok");
      for (const auto& [status, target] : s.http.on_status) add(target, std::to_string(status));
      add(s.http.on_error, "error");
      break;
  }
  for (const CompiledButton& b : s.buttons) {
    if (b.target != kNoStep) add(b.target, Written(b.label));
  }
  for (int t : s.local_targets) add(t, "on");
}

// "keywords: a, b; phrases: c" for a trigger node.
std::string TriggerSummary(const std::vector<TriggerAst>& triggers) {
  static const char* const kKinds[] = {"keywords", "phrases", "regex"};
  std::string out;
  for (int kind = 0; kind < 3; ++kind) {
    std::string list;
    for (const TriggerAst& t : triggers) {
      if (static_cast<int>(t.kind) == kind) list += (list.empty() ? "" : ", ") + t.text;
    }
    if (!list.empty()) out += (out.empty() ? "" : "; ") + std::string(kKinds[kind]) + ": " + list;
  }
  return Shorten(out, 80);
}

// Escapes for a Mermaid label in "double quotes": entity codes for the characters
// that end or change the label ("), start an entity (#) or are read as markup.
std::string MermaidEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "#quot;"; break;
      case '#': out += "#35;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case '|': out += "#124;"; break;
      case '\n': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

// Escapes for a Graphviz "double-quoted" string: backslash and quote.
std::string DotEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

class Diagram {
 public:
  explicit Diagram(bool dot) : dot_(dot) {}

  std::string Escape(const std::string& s) const { return dot_ ? DotEscape(s) : MermaidEscape(s); }

  void Begin() const {
    std::printf(dot_ ? "digraph flows {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n"
                     : "flowchart TD\n");
  }
  void BeginCluster(size_t index, const std::string& title) const {
    if (dot_) {
      std::printf("  subgraph cluster_%zu {\n    label=\"%s\";\n", index, Escape(title).c_str());
    } else {
      std::printf("  subgraph c%zu[\"%s\"]\n", index, Escape(title).c_str());
    }
  }
  void EndCluster() const { std::printf(dot_ ? "  }\n" : "  end\n"); }
  void Draw(const Node& n, const char* indent) const {
    std::string label = Escape(n.label);
    if (dot_) {
      std::printf("%s%s [label=\"%s\"%s];\n", indent, n.id.c_str(), label.c_str(),
                  n.entry ? ", shape=ellipse" : "");
    } else {
      std::printf(n.entry ? "%s%s([\"%s\"])\n" : "%s%s[\"%s\"]\n", indent, n.id.c_str(), label.c_str());
    }
  }
  void Draw(const Edge& e) const {
    std::string label = Escape(Shorten(e.label, 40));
    if (dot_) {
      std::printf("  %s -> %s%s;\n", e.from.c_str(), e.to.c_str(),
                  label.empty() ? "" : (" [label=\"" + label + "\"]").c_str());
    } else if (label.empty()) {
      std::printf("  %s --> %s\n", e.from.c_str(), e.to.c_str());
    } else {
      std::printf("  %s -->|\"%s\"| %s\n", e.from.c_str(), label.c_str(), e.to.c_str());
    }
  }
  void End() const {
    if (dot_) std::printf("}\n");
  }

 private:
  bool dot_;
};

}  // namespace

int Graph(const Args& args) {
  std::vector<std::string> dirs = Positional(args);
  std::string format = FlagValue(args, "--format", "mermaid");
  if (dirs.size() != 1 || (format != "mermaid" && format != "dot")) {
    std::fputs("usage: switchboard graph DIR [--format mermaid|dot]\n", stderr);
    return 2;
  }
  std::shared_ptr<const FlowProgram> program = LoadProgramOrReport(dirs[0]);
  if (!program) return 1;
  const FlowProgram& p = *program;
  // The triggers as written are in the sources; the program keeps them compiled.
  const BotSources sources = LoadFlowDirectory(dirs[0]).sources;

  Diagram diagram(format == "dot");
  std::vector<Edge> edges;
  diagram.Begin();
  for (size_t f = 0; f < p.flows.size(); ++f) {
    diagram.BeginCluster(f, p.flows[f].id);
    for (size_t i = 0; i < p.steps.size(); ++i) {
      if (p.steps[i].flow != static_cast<int>(f)) continue;
      diagram.Draw(Node{StepId(static_cast<int>(i)), Caption(p.steps[i])}, "    ");
      StepEdges(p.steps[i], StepId(static_cast<int>(i)), &edges);
    }
    diagram.EndCluster();
  }
  // Ways in: triggers, the start flow, commands.
  for (const FlowAst& flow : sources.flows) {
    int f = p.FindFlow(flow.id);
    if (f < 0 || flow.triggers.empty() || p.flows[f].first_step == kNoStep) continue;
    std::string id = "t" + std::to_string(f);
    diagram.Draw(Node{id, TriggerSummary(flow.triggers), true}, "  ");
    edges.push_back({id, StepId(p.flows[f].first_step), ""});
  }
  if (p.start_flow >= 0 && p.flows[p.start_flow].first_step != kNoStep) {
    diagram.Draw(Node{"start", "first message", true}, "  ");
    edges.push_back({"start", StepId(p.flows[p.start_flow].first_step), ""});
  }
  static const char* const kCommands[] = {"start", "menu", "cancel", "back", "operator"};
  for (size_t c = 0; c < sources.commands.size(); ++c) {
    const CommandAst& command = sources.commands[c];
    std::string id = "cmd" + std::to_string(c);
    std::string words = TriggerSummary(command.triggers);
    diagram.Draw(Node{id, std::string("command ") + kCommands[static_cast<int>(command.kind)] +
                              (words.empty() ? "" : " (" + words + ")"),
                      true},
                 "  ");
    if (c < p.commands.size() && p.commands[c].target != kNoStep) {
      edges.push_back({id, StepId(p.commands[c].target), ""});
    }
  }
  // The fallback: one node per level, each the next miss in a row.
  if (!p.fallback.empty()) {
    diagram.BeginCluster(p.flows.size(), "fallback: messages nothing understood");
    for (size_t level = 0; level < p.fallback.size(); ++level) {
      const CompiledStep& s = p.fallback[level];
      std::string id = "f" + std::to_string(level);
      std::string what = s.kind == StepKind::kHandoff ? "handoff" : Shorten(Written(s.text), 40);
      diagram.Draw(Node{id, "miss " + std::to_string(level + 1) + ": " + what}, "    ");
      if (level + 1 < p.fallback.size()) edges.push_back({id, "f" + std::to_string(level + 1), "next miss"});
      StepEdges(s, id, &edges);
    }
    diagram.EndCluster();
    diagram.Draw(Node{"nomatch", "no match", true}, "  ");
    edges.push_back({"nomatch", "f0", ""});
  }
  for (const Edge& e : edges) diagram.Draw(e);
  diagram.End();
  return 0;
}

}  // namespace switchboard::cli
