// `switchboard graph DIR [--format mermaid|dot]`: the flows as a diagram, one
// cluster per flow, an edge for every way control can move between steps.
#include <cstdio>
#include <set>
#include <string>

#include "commands.h"
#include "flow/flow_program.h"
#include "switchboard/engine.h"

namespace switchboard::cli {
namespace {

struct Edge {
  int from;
  int to;
  std::string label;
};

std::string NodeId(int step) { return "s" + std::to_string(step); }

// A short, quote-free description of a step for its box.
std::string Caption(const CompiledStep& s) {
  std::string name = s.name.substr(s.name.find('.') + 1);
  switch (s.kind) {
    case StepKind::kSay: return name + (s.waits ? ": menu" : ": say");
    case StepKind::kAsk: return name + ": ask " + s.slot;
    case StepKind::kSet: return name + ": set";
    case StepKind::kIf: return name + ": if";
    case StepKind::kGoto: return name + ": goto";
    case StepKind::kHandoff: return name + ": handoff " + s.reason;
    case StepKind::kEnd: return name + ": end";
    case StepKind::kHttp: {
      std::string path;  // the path as written, slots shown by name
      for (const Template::Part& part : s.http.path.parts()) path += part.is_slot ? "{" + part.text + "}" : part.text;
      return name + ": " + s.http.method + " " + path;
    }
  }
  return name;
}

std::vector<Edge> EdgesOf(const FlowProgram& p) {
  std::vector<Edge> edges;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const CompiledStep& s = p.steps[i];
    int from = static_cast<int>(i);
    auto add = [&](int to, std::string label) {
      if (to != kNoStep) edges.push_back({from, to, std::move(label)});
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
      if (b.target == kNoStep) continue;
      auto it = b.label.by_lang.begin();
      std::string label = it == b.label.by_lang.end() ? "" : (it->second.parts().empty() ? "" : it->second.parts()[0].text);
      add(b.target, label);
    }
    for (int t : s.local_targets) {
      if (t >= 0) add(t, "on");
    }
  }
  return edges;
}

std::string Clean(std::string s) {
  for (char& c : s) {
    if (c == '"' || c == '\n' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|') c = ' ';
  }
  return s;
}

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
  std::vector<Edge> edges = EdgesOf(p);
  const bool dot = format == "dot";
  std::printf(dot ? "digraph flows {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n" : "flowchart TD\n");
  for (size_t f = 0; f < p.flows.size(); ++f) {
    const CompiledFlow& flow = p.flows[f];
    if (dot) {
      std::printf("  subgraph cluster_%zu {\n    label=\"%s\";\n", f, Clean(flow.id).c_str());
    } else {
      std::printf("  subgraph %s\n", Clean(flow.id).c_str());
    }
    for (size_t i = 0; i < p.steps.size(); ++i) {
      if (p.steps[i].flow != static_cast<int>(f)) continue;
      std::string caption = Clean(Caption(p.steps[i]));
      if (dot) {
        std::printf("    %s [label=\"%s\"];\n", NodeId(i).c_str(), caption.c_str());
      } else {
        std::printf("    %s[\"%s\"]\n", NodeId(i).c_str(), caption.c_str());
      }
    }
    std::printf(dot ? "  }\n" : "  end\n");
  }
  for (const Edge& e : edges) {
    std::string label = Clean(e.label);
    if (dot) {
      std::printf("  %s -> %s%s;\n", NodeId(e.from).c_str(), NodeId(e.to).c_str(),
                  label.empty() ? "" : (" [label=\"" + label + "\"]").c_str());
    } else if (label.empty()) {
      std::printf("  %s --> %s\n", NodeId(e.from).c_str(), NodeId(e.to).c_str());
    } else {
      std::printf("  %s -->|\"%s\"| %s\n", NodeId(e.from).c_str(), label.c_str(), NodeId(e.to).c_str());
    }
  }
  if (dot) std::printf("}\n");
  return 0;
}

}  // namespace switchboard::cli
