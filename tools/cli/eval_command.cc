// `switchboard eval DIR SET.tsv`: how well the bot understands a labelled set of
// customer messages. Each line of the set is "message<TAB>expected", expected being
// a flow id or `none` (the message must get no answer); '#' lines are comments.
// Every message is decided as the runtime would (explanation.h) and counted as
// right (the expected flow, or the fallback for `none`), wrong (a confident answer
// that is not the expected one), unanswered (the fallback for a message the bot
// should answer) or asked back (a "did you mean" question). Prints the shares,
// precision and recall per intent, the most confused pairs and every miss with its
// explain line; --json prints the same as one object. Exit code 1 when the right
// share is below --min-right or the wrong share above --max-wrong.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "explanation.h"
#include "flow/flow_program.h"
#include "switchboard/engine.h"

namespace switchboard::cli {
namespace {

constexpr char kNone[] = "none";
constexpr size_t kConfusedShown = 10;

struct Sample {
  std::string text;
  std::string expected;
  int line = 0;
};

enum class Outcome { kRight, kWrong, kUnanswered, kAskedBack };

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kRight: return "right";
    case Outcome::kWrong: return "wrong";
    case Outcome::kUnanswered: return "unanswered";
    case Outcome::kAskedBack: return "asked_back";
  }
  return "?";
}

// Reads the set; returns false (after saying why) when it cannot.
bool ReadSet(const std::string& path, std::vector<Sample>* out) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read\n", path.c_str());
    return false;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.rfind('\t');
    if (tab == std::string::npos || tab == 0 || tab + 1 == line.size()) {
      std::fprintf(stderr, "%s:%d: expected \"message<TAB>intent\"\n", path.c_str(), number);
      return false;
    }
    out->push_back({line.substr(0, tab), line.substr(tab + 1), number});
  }
  return true;
}

struct IntentCounts {
  int expected = 0;  // messages labelled with it
  int answered = 0;  // confident answers with it
  int right = 0;
};

double Share(int part, int whole) { return whole == 0 ? 0.0 : static_cast<double>(part) / whole; }
double Round(double x) { return std::round(x * 10000) / 10000; }

bool ParseShare(const Args& args, const std::string& flag, double fallback, double* out) {
  std::string v = FlagValue(args, flag, "");
  if (v.empty()) {
    *out = fallback;
    return true;
  }
  char* end = nullptr;
  *out = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || *out < 0 || *out > 1) {
    std::fprintf(stderr, "switchboard eval: %s takes a share between 0 and 1, not '%s'\n", flag.c_str(), v.c_str());
    return false;
  }
  return true;
}

}  // namespace

int Eval(const Args& args) {
  std::vector<std::string> pos = Positional(args);
  double min_right = 0;
  double max_wrong = 1;
  if (pos.size() != 2 || !ParseShare(args, "--min-right", 0, &min_right) ||
      !ParseShare(args, "--max-wrong", 1, &max_wrong)) {
    std::fputs("usage: switchboard eval DIR SET.tsv [--json] [--min-right SHARE] [--max-wrong SHARE]\n", stderr);
    return 2;
  }
  std::vector<Sample> samples;
  if (!ReadSet(pos[1], &samples)) return 2;
  std::shared_ptr<const FlowProgram> program = LoadProgramOrReport(pos[0]);
  if (!program) return 1;

  std::map<Outcome, int> totals;
  std::map<std::string, IntentCounts> intents;
  std::map<std::pair<std::string, std::string>, int> confused;
  nlohmann::json misses = nlohmann::json::array();
  for (const Sample& s : samples) {
    Explanation e = ExplainMessage(*program, s.text);
    Outcome o;
    std::string got = e.decision == "match" ? e.lands_in : kNone;
    if (e.decision == "ask_which") {
      o = Outcome::kAskedBack;
    } else if (got == s.expected) {
      o = Outcome::kRight;
    } else {
      o = e.decision == "match" ? Outcome::kWrong : Outcome::kUnanswered;
    }
    ++totals[o];
    ++intents[s.expected].expected;
    if (o != Outcome::kAskedBack) ++intents[got].answered;
    if (o == Outcome::kRight) {
      ++intents[s.expected].right;
      continue;
    }
    std::string shown = o == Outcome::kAskedBack ? "ask:" + (e.choices.empty() ? "" : e.choices[0]) : got;
    ++confused[{s.expected, shown}];
    misses.push_back({{"line", s.line}, {"outcome", OutcomeName(o)}, {"expected", s.expected}, {"got", shown},
                      {"explain", e.line}});
  }

  const int n = static_cast<int>(samples.size());
  nlohmann::json report{{"set", pos[1]}, {"messages", n}};
  for (Outcome o : {Outcome::kRight, Outcome::kWrong, Outcome::kUnanswered, Outcome::kAskedBack}) {
    report["shares"][OutcomeName(o)] = Round(Share(totals[o], n));
    report["counts"][OutcomeName(o)] = totals[o];
  }
  nlohmann::json per_intent = nlohmann::json::object();
  for (const auto& [name, c] : intents) {
    if (c.expected == 0 && c.answered == 0) continue;
    per_intent[name] = {{"precision", Round(Share(c.right, c.answered))},
                        {"recall", Round(Share(c.right, c.expected))},
                        {"expected", c.expected},
                        {"answered", c.answered}};
  }
  report["intents"] = per_intent;
  std::vector<std::pair<int, std::pair<std::string, std::string>>> pairs;
  for (const auto& [k, v] : confused) pairs.push_back({v, k});
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  nlohmann::json top = nlohmann::json::array();
  for (size_t i = 0; i < pairs.size() && i < kConfusedShown; ++i) {
    top.push_back({{"expected", pairs[i].second.first}, {"got", pairs[i].second.second}, {"count", pairs[i].first}});
  }
  report["confused"] = top;
  report["misses"] = misses;
  const double right = Share(totals[Outcome::kRight], n);
  const double wrong = Share(totals[Outcome::kWrong], n);
  const bool pass = right >= min_right && wrong <= max_wrong;
  report["pass"] = pass;

  if (HasFlag(args, "--json")) {
    std::puts(report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return pass ? 0 : 1;
  }
  for (const auto& m : misses) {
    std::printf("%s:%d: %s: expected %s, got %s\n  %s\n", pos[1].c_str(), m["line"].get<int>(),
                m["outcome"].get<std::string>().c_str(), m["expected"].get<std::string>().c_str(),
                m["got"].get<std::string>().c_str(),
                m["explain"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  }
  std::printf("\n%-24s %9s %7s %9s %9s\n", "intent", "precision", "recall", "expected", "answered");
  for (const auto& [name, c] : per_intent.items()) {
    std::printf("%-24s %9.2f %7.2f %9d %9d\n", name.c_str(), c["precision"].get<double>(), c["recall"].get<double>(),
                c["expected"].get<int>(), c["answered"].get<int>());
  }
  if (!top.empty()) std::puts("\nmost confused (expected -> got):");
  for (const auto& t : top) {
    std::printf("  %-20s -> %-20s %d\n", t["expected"].get<std::string>().c_str(),
                t["got"].get<std::string>().c_str(), t["count"].get<int>());
  }
  std::printf("\n%s: %d messages: right %.1f%%, wrong %.1f%%, unanswered %.1f%%, asked back %.1f%%\n", pos[1].c_str(),
              n, 100 * right, 100 * wrong, 100 * Share(totals[Outcome::kUnanswered], n),
              100 * Share(totals[Outcome::kAskedBack], n));
  if (!pass) {
    std::printf("below the thresholds: right >= %.1f%%, wrong <= %.1f%%\n", 100 * min_right, 100 * max_wrong);
  }
  return pass ? 0 : 1;
}

}  // namespace switchboard::cli
