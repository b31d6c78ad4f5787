// DecideIntent: the three bands (answer, ask back, fallback), per-flow thresholds,
// near-ties and priorities.
#include <doctest/doctest.h>

#include "dialog/intent_decision.h"
#include "support/bot_fixture.h"

using namespace switchboard;
using namespace switchboard::testing;

namespace {

constexpr char kBot[] = R"(
bot:
  start: delivery
  match_threshold: 0.6
  ask_threshold: 0.4
flows:
  - id: delivery
    triggers: {keywords: [доставка]}
    steps: [{say: "курьером"}]
  - id: hours
    match_threshold: 0.95
    ask_threshold: 0.5
    triggers: {keywords: ["режим работы"]}
    steps: [{say: "10-21"}]
)";

MatchResult WithScores(std::vector<std::pair<int, double>> scores) {
  MatchResult r;
  for (auto [target, score] : scores) {
    MatchCandidate c;
    c.target = target;
    c.score = score;
    r.candidates.push_back(c);
  }
  return r;
}

}  // namespace

TEST_CASE("DecideIntent answers when confident, asks back when unsure, falls back below") {
  auto program = CompileYaml({{"bot.yaml", kBot}});
  REQUIRE(program);
  MatchResult confident = WithScores({{0, 0.8}});
  CHECK(DecideIntent(*program, confident).kind == IntentDecision::Kind::kMatch);
  MatchResult unsure = WithScores({{0, 0.5}});
  IntentDecision ask = DecideIntent(*program, unsure);
  REQUIRE(ask.kind == IntentDecision::Kind::kAskWhich);
  REQUIRE(ask.choices.size() == 1);
  CHECK(ask.choices[0]->target == 0);
  CHECK(DecideIntent(*program, WithScores({{0, 0.35}})).kind == IntentDecision::Kind::kNone);
}

TEST_CASE("DecideIntent uses a flow's own thresholds over the bot's") {
  auto program = CompileYaml({{"bot.yaml", kBot}});
  REQUIRE(program);
  CHECK(DecideIntent(*program, WithScores({{1, 0.9}})).kind == IntentDecision::Kind::kAskWhich);
  CHECK(DecideIntent(*program, WithScores({{1, 0.96}})).kind == IntentDecision::Kind::kMatch);
  CHECK(DecideIntent(*program, WithScores({{1, 0.45}})).kind == IntentDecision::Kind::kNone);
}

TEST_CASE("DecideIntent asks which of two unsure flows was meant") {
  auto program = CompileYaml({{"bot.yaml", kBot}});
  REQUIRE(program);
  IntentDecision d = DecideIntent(*program, WithScores({{1, 0.58}, {0, 0.55}}));
  REQUIRE(d.kind == IntentDecision::Kind::kAskWhich);
  CHECK(d.choices.size() == 2);
}
