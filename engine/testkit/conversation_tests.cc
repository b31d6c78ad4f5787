// Loading and running staff-written conversation tests. yaml-cpp is used (and its
// exceptions caught) only here, for the test files; flow files go through the loader.
#include "testkit/conversation_tests.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>

#include "flow/flow_loader.h"
#include "flow/flow_program.h"
#include "flow/source_file.h"
#include "flow/yaml_loader.h"

namespace switchboard {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> StringOrList(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node.IsSequence()) {
    for (const auto& item : node) out.push_back(item.as<std::string>());
  } else {
    out.push_back(node.as<std::string>());
  }
  return out;
}

// "2026-11-23T12:00:00+03:00" -> milliseconds since the epoch.
std::optional<int64_t> ParseTimestamp(const std::string& s) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  char sign = '+';
  int oh = 0, om = 0;
  int n = std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d%c%d:%d", &y, &mo, &d, &h, &mi, &sec, &sign, &oh, &om);
  if (n < 3) return std::nullopt;
  if (n >= 7 && sign == 'Z') oh = om = 0;
  using namespace std::chrono;
  year_month_day ymd{year{y}, month(mo), day(d)};
  if (!ymd.ok()) return std::nullopt;
  int64_t offset = (int64_t{oh} * 60 + om) * 60000 * (sign == '-' ? -1 : 1);
  int64_t ms = duration_cast<milliseconds>(sys_days{ymd}.time_since_epoch()).count() +
               ((int64_t{h} * 60 + mi) * 60 + sec) * 1000;
  return ms - offset;
}

std::string Quote(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", '" : "'") + items[i] + "'";
  return out + "]";
}

// `operator: ID` with exactly one of take, reply, note, transfer, hand_back.
Result<OperatorTurn> ParseOperatorTurn(const YAML::Node& turn) {
  using Kind = OperatorAction::Kind;
  OperatorTurn op;
  op.operator_id = turn["operator"].as<std::string>();
  int actions = 0;
  if (turn["take"]) {
    op.kind = Kind::kTake;
    ++actions;
  }
  if (turn["reply"]) {
    op.kind = Kind::kSay;
    op.text = turn["reply"].as<std::string>();
    ++actions;
  }
  if (turn["note"]) {
    op.kind = Kind::kNote;
    op.text = turn["note"].as<std::string>();
    ++actions;
  }
  if (const YAML::Node transfer = turn["transfer"]) {
    op.kind = Kind::kTransfer;
    if (transfer["to"]) op.to_operator = transfer["to"].as<std::string>();
    if (transfer["department"]) op.department = transfer["department"].as<std::string>();
    if (transfer["note"]) op.text = transfer["note"].as<std::string>();
    ++actions;
  }
  if (turn["hand_back"]) {
    op.kind = Kind::kHandBack;
    op.step = turn["hand_back"].as<std::string>();
    if (op.step == "menu") op.step.clear();
    ++actions;
  }
  if (actions != 1) {
    return Status::InvalidArgument("an operator turn needs exactly one of take, reply, note, transfer, hand_back");
  }
  return op;
}

OperatorAction ToAction(const OperatorTurn& op, const std::string& session) {
  OperatorAction a;
  a.kind = op.kind;
  a.session_id = session;
  a.operator_id = op.operator_id;
  a.text = op.text;
  a.to_operator = op.to_operator;
  a.department = op.department;
  a.step = op.step;
  return a;
}

// Reads a test file as flow files are read: a link out of `folder`, a special
// file or an oversized file is refused, and the text passes the same size, UTF-8,
// nesting, tag and alias checks before yaml-cpp builds a document from it.
Result<std::string> ReadTestFile(const std::string& path, const std::string& folder) {
  const LoaderLimits limits;
  std::string content;
  Diagnostic problem;
  std::vector<Diagnostic> problems;
  if (!ReadSourceFile(path, folder, limits.max_file_bytes, &content, &problem)) {
    problems.push_back(problem);
  } else if (CheckSourceText(path, content, limits, &problems)) {
    YamlLoadContext context;
    context.nodes_left = limits.max_nodes;
    context.max_depth = limits.max_depth;
    CheckYamlText(path, content, &context, &problems);
  }
  if (!HasErrors(problems)) return content;
  return Status::InvalidArgument(FormatDiagnostic(problems.front()));
}

}  // namespace

Result<std::vector<ConversationTest>> LoadConversationTests(const std::string& path) {
  return LoadConversationTestsIn(path, fs::path(path).parent_path().string());
}

Result<std::vector<ConversationTest>> LoadConversationTestsIn(const std::string& path,
                                                              const std::string& folder) {
  std::vector<ConversationTest> tests;
  Result<std::string> content = ReadTestFile(path, folder.empty() ? "." : folder);
  if (!content.ok()) return content.status();
  try {
    YAML::Node root = YAML::Load(*content);
    YAML::Node list = root["tests"];
    if (!list || !list.IsSequence()) {
      return Status::InvalidArgument(path + ": expected a top-level 'tests:' list");
    }
    for (const YAML::Node& t : list) {
      ConversationTest test;
      test.file = path;
      test.line = t.Mark().line + 1;
      if (!t["name"]) {
        return Status::InvalidArgument(path + ":" + std::to_string(test.line) + ": a test needs a 'name'");
      }
      test.name = t["name"].as<std::string>();
      if (t["language"]) test.language = t["language"].as<std::string>();
      if (t["now"]) {
        test.now_ms = ParseTimestamp(t["now"].as<std::string>());
        if (!test.now_ms) {
          return Status::InvalidArgument(path + ":" + std::to_string(t["now"].Mark().line + 1) +
                                         ": 'now' must look like 2026-11-23T12:00:00+03:00");
        }
      }
      for (const YAML::Node& turn : t["turns"]) {
        ConversationTurn ct;
        ct.line = turn.Mark().line + 1;
        if (turn["user"]) {
          ct.user = turn["user"].as<std::string>();
        } else if (turn["press"]) {
          ct.press = turn["press"].as<std::string>();
        } else if (turn["operator"]) {
          Result<OperatorTurn> op = ParseOperatorTurn(turn);
          if (!op.ok()) return Status::InvalidArgument(path + ":" + std::to_string(ct.line) + ": " + op.status().message());
          ct.op = std::move(*op);
        } else {
          return Status::InvalidArgument(path + ":" + std::to_string(ct.line) +
                                         ": a turn needs 'user', 'press' or 'operator'");
        }
        if (turn["silent"]) ct.silent = turn["silent"].as<bool>();
        if (turn["flow"]) ct.flow = turn["flow"].as<std::string>();
        ct.says = StringOrList(turn["says"]);
        ct.not_says = StringOrList(turn["not_says"]);
        ct.buttons = StringOrList(turn["buttons"]);
        if (turn["handoff"]) ct.handoff = turn["handoff"].as<bool>();
        if (turn["slots"]) {
          for (const auto& kv : turn["slots"]) ct.slots[kv.first.as<std::string>()] = kv.second.as<std::string>();
        }
        test.turns.push_back(std::move(ct));
      }
      tests.push_back(std::move(test));
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(path + ":" + std::to_string(e.mark.line + 1) + ":" +
                                   std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  return tests;
}

Result<std::vector<ConversationTest>> LoadConversationTestsFrom(const std::string& path) {
  std::vector<std::string> files;
  std::string folder = path;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      std::string ext = entry.path().extension().string();
      if (ext == ".yaml" || ext == ".yml") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
  } else if (fs::exists(fs::symlink_status(path, ec))) {
    files.push_back(path);
    folder = fs::path(path).parent_path().string();
  } else {
    return Status::NotFound(path + ": no such file or folder");
  }
  std::vector<ConversationTest> all;
  for (const std::string& f : files) {
    auto tests = LoadConversationTestsIn(f, folder.empty() ? "." : folder);
    if (!tests.ok()) return tests.status();
    all.insert(all.end(), tests->begin(), tests->end());
  }
  return all;
}

ConversationTestReport RunConversationTests(Engine& engine, ManualClock* clock,
                                            const std::vector<ConversationTest>& tests) {
  static std::atomic<int64_t> run_counter{0};
  const int64_t run = ++run_counter;
  ConversationTestReport report;
  std::set<std::string> reached;
  std::set<std::string> touched;  // flows with a step some test ran
  for (size_t i = 0; i < tests.size(); ++i) {
    const ConversationTest& test = tests[i];
    ConversationTestResult result{test.name, test.file, test.line, true, {}};
    if (clock != nullptr) clock->Set(test.now_ms.value_or(kDefaultTestTimeMs));
    std::string session = "test:" + std::to_string(run) + ":" + std::to_string(i) + ":" + std::to_string(
        std::chrono::steady_clock::now().time_since_epoch().count());
    std::vector<Button> shown;
    std::string last_language;
    std::string language_changed_at;  // the turn since which the language differs
    for (size_t t = 0; t < test.turns.size(); ++t) {
      const ConversationTurn& turn = test.turns[t];
      std::string where = "turn " + std::to_string(t + 1) + " (line " + std::to_string(turn.line) + ")";
      auto fail = [&](std::string what) {
        result.passed = false;
        result.failures.push_back(where + ": " + what);
      };
      InboundMessage m;
      m.session_id = session;
      m.channel = "test";
      m.user_id = session;
      m.message_id = session + ":" + std::to_string(t);
      m.language = test.language;
      if (turn.press) {
        const Button* pressed = nullptr;
        char* end = nullptr;
        long k = std::strtol(turn.press->c_str(), &end, 10);
        if (*end == '\0' && k >= 1 && static_cast<size_t>(k) <= shown.size()) {
          pressed = &shown[k - 1];
        } else {
          for (const Button& b : shown) {
            if (b.label == *turn.press) pressed = &b;
          }
        }
        if (pressed == nullptr) {
          std::vector<std::string> labels;
          for (const Button& b : shown) labels.push_back(b.label);
          fail("no button '" + *turn.press + "' to press; shown: " + Quote(labels));
          continue;  // the turn is not run; the test goes on with the next one
        }
        m.text = pressed->label;
        m.button_payload = pressed->payload;
      } else {
        m.text = turn.user;
      }
      Result<TurnReport> r = turn.op ? engine.Operate(ToAction(*turn.op, session)) : engine.Handle(m);
      if (!r.ok()) {
        fail("engine error: " + r.status().ToString());
        break;
      }
      reached.insert(r->steps.begin(), r->steps.end());
      for (const std::string& step : r->steps) touched.insert(step.substr(0, step.find('.')));
      if (r->language != last_language || language_changed_at.empty()) language_changed_at = where;
      last_language = r->language;
      std::string all_text;
      std::vector<std::string> labels;
      for (const Reply& reply : r->replies) {
        all_text += reply.text + "\n";
        for (const Button& b : reply.buttons) labels.push_back(b.label);
      }
      for (const Reply& reply : r->replies) {
        if (!reply.buttons.empty()) shown = reply.buttons;
      }
      if (turn.flow) {
        if (*turn.flow == "none") {
          if (!r->fallback) fail("expected no match (fallback), got flow '" + r->flow + "'");
        } else if (r->flow != *turn.flow) {
          fail("expected flow '" + *turn.flow + "', got " +
               (r->flow.empty() ? std::string(r->fallback ? "none (fallback)" : "none") : "'" + r->flow + "'"));
        }
      }
      if (turn.silent && *turn.silent != r->replies.empty()) {
        fail(*turn.silent ? "expected the bot to stay silent; it said: " + all_text : "expected the bot to answer");
      }
      for (const std::string& s : turn.says) {
        if (all_text.find(s) == std::string::npos) fail("expected the bot to say '" + s + "'; it said: " + all_text);
      }
      for (const std::string& s : turn.not_says) {
        if (all_text.find(s) != std::string::npos) fail("expected the bot not to say '" + s + "'");
      }
      size_t from = 0;
      for (const std::string& want : turn.buttons) {
        auto it = std::find(labels.begin() + from, labels.end(), want);
        if (it == labels.end()) {
          fail("expected button '" + want + "' (in order); shown: " + Quote(labels));
          break;
        }
        from = it - labels.begin() + 1;
      }
      if (turn.handoff && *turn.handoff != r->handed_off) {
        fail(*turn.handoff ? "expected a handoff to operators" : "expected no handoff");
      }
      for (const auto& [slot, value] : turn.slots) {
        auto it = r->slots.find(slot);
        std::string got = it == r->slots.end() ? "(unset)" : "'" + it->second + "'";
        const std::string actual = it == r->slots.end() ? "" : it->second;  // "" asserts unset
        if (actual != value) {
          fail("expected slot " + slot + " = '" + value + "', got " + got);
        }
      }
    }
    if (!test.language.empty() && !last_language.empty() && last_language != test.language) {
      result.passed = false;
      result.failures.push_back(language_changed_at + ": expected the conversation in '" +
                                test.language + "', it is in '" + last_language +
                                "' from this turn to the end");
    }
    (result.passed ? report.passed : report.failed)++;
    report.results.push_back(std::move(result));
  }
  std::shared_ptr<const FlowProgram> program = engine.program();
  for (const CompiledStep& s : program->steps) {
    if (reached.count(s.name)) continue;
    report.unreached_steps.push_back(s.name);
    if (touched.count(s.name.substr(0, s.name.find('.')))) report.unreached_in_touched_flows.push_back(s.name);
  }
  return report;
}

}  // namespace switchboard
