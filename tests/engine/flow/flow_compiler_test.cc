// FlowCompiler: what only a compiled bot can tell staff.
#include <doctest/doctest.h>

#include "support/bot_fixture.h"

using namespace switchboard;
using namespace switchboard::testing;

namespace {

std::vector<Diagnostic> Overlaps(const std::string& yaml) {
  std::vector<Diagnostic> diagnostics;
  auto program = CompileYaml({{"bot.yaml", yaml}}, &diagnostics);
  REQUIRE(program);
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : diagnostics) {
    if (d.code == "trigger-overlap") out.push_back(d);
  }
  return out;
}

}  // namespace

TEST_CASE("FlowCompiler warns where one keyword makes the bot ask between two flows") {
  auto found = Overlaps(R"(
flows:
  - id: prices
    triggers: {keywords: [стрижка]}
    steps: [{say: "2500"}]
  - id: children
    triggers: {keywords: [стрижка]}
    steps: [{say: "по выходным"}]
)");
  REQUIRE(found.size() == 2);
  CHECK(found[0].line == 4);
  CHECK(found[0].severity == Severity::kWarning);
  CHECK(found[0].message.find("ask which was meant") != std::string::npos);
}

TEST_CASE("FlowCompiler warns on the flow that a higher priority overrides, not on the winner") {
  auto found = Overlaps(R"(
flows:
  - id: prices
    triggers: {keywords: [стрижка]}
    steps: [{say: "2500"}]
  - id: children
    priority: 3
    triggers: {keywords: [стрижка]}
    steps: [{say: "по выходным"}]
)");
  REQUIRE(found.size() == 1);
  CHECK(found[0].line == 4);
  CHECK(found[0].message.find("leads to flow 'children'") != std::string::npos);
}

TEST_CASE("FlowCompiler stays quiet about distinct triggers") {
  CHECK(Overlaps(R"(
flows:
  - id: prices
    triggers: {keywords: [прайс]}
    steps: [{say: "2500"}]
  - id: hours
    triggers: {keywords: [режим работы]}
    steps: [{say: "10-21"}]
)").empty());
}

TEST_CASE("FlowCompiler refuses an unknown time zone and a service URL from an unset variable") {
  std::vector<Diagnostic> diagnostics;
  auto program = CompileYaml({{"bot.yaml", R"(
bot: {timezone: Mars/Olympus}
services:
  orders: {base_url: "${SB_TEST_SURELY_UNSET_URL}"}
flows:
  - id: a
    steps: [{say: x}]
)"}}, &diagnostics);
  CHECK_FALSE(program);
  bool zone = false, service = false;
  for (const Diagnostic& d : diagnostics) {
    zone |= d.code == "unknown-timezone";
    service |= d.code == "bad-service" && d.message.find("SB_TEST_SURELY_UNSET_URL is not set") != std::string::npos;
  }
  CHECK(zone);
  CHECK(service);
}

TEST_CASE("FlowCompiler reports regex triggers over the set's budget at the regex's own line") {
  std::string yaml = "flows:\n";
  for (int i = 0; i < 8; ++i) {
    yaml += "  - id: f" + std::to_string(i) + "\n    triggers:\n      regex: ['(\\pL|\\pN){0,20}x" +
            std::to_string(i) + "']\n    steps: [{say: hi}]\n";
  }
  std::vector<Diagnostic> diagnostics;
  CompileYaml({{"bot.yaml", yaml}}, &diagnostics);
  int budget = 0;
  for (const Diagnostic& d : diagnostics) {
    CHECK(d.code != "matcher-build");
    if (d.code != "regex-budget") continue;
    ++budget;
    CHECK(d.line % 4 == 0);  // each flow's regex is on line 4, 8, ...
    CHECK(d.column == 15);
  }
  CHECK(budget > 0);
}
