// Tests for tools/cli/graph_command.cc through the real program: labels keep their
// brackets and quotes, escaped for Mermaid and Graphviz, and the diagram shows the
// triggers, the commands and the fallback.
#include <doctest/doctest.h>

#include "tools/cli_test_helpers.h"

namespace switchboard {
namespace {

using testing::CliFolder;

const char kBot[] = R"(bot:
  start: main
commands:
  operator: {keywords: [оператор], goto: main}
fallback:
  - say: Не понял
  - say: Совсем не понял
    buttons: [{label: "Меню [1]", goto: main}]
flows:
  - id: main
    triggers: {keywords: [привет], regex: ['(?P<n>\d+) "шт"']}
    steps:
      - say: 'Цены: "стрижка" [от 2500] {скидка} | a\b #1 <b>'
        buttons: [{label: 'Записаться "сейчас" [1]', goto: main}]
)";

TEST_CASE("graph keeps brackets and quotes in Mermaid labels, as entity codes") {
  CliFolder folder("graph_mermaid");
  folder.Write("flows/bot.yaml", kBot);
  int code = -1;
  std::string out = CliFolder::Run("graph " + folder.Path("flows"), &code);
  INFO(out);
  CHECK(code == 0);
  CHECK(out.find("-->|\"Записаться #quot;сейчас#quot; [1]\"|") != std::string::npos);
  // The trigger node, with the regex as written, and its edge into the flow.
  CHECK(out.find("t0([\"keywords: привет; regex: (?P#lt;n#gt;\\d+) #quot;шт#quot;\"])") !=
        std::string::npos);
  CHECK(out.find("t0 --> s0") != std::string::npos);
  CHECK(out.find("start([\"first message\"])") != std::string::npos);
  CHECK(out.find("cmd0([\"command operator (keywords: оператор)\"])") != std::string::npos);
  CHECK(out.find("f0[\"miss 1: Не понял\"]") != std::string::npos);
  CHECK(out.find("f0 -->|\"next miss\"| f1") != std::string::npos);
  CHECK(out.find("f1 -->|\"Меню [1]\"| s0") != std::string::npos);
  CHECK(out.find("nomatch --> f0") != std::string::npos);
}

TEST_CASE("graph escapes quotes and backslashes in Graphviz labels") {
  CliFolder folder("graph_dot");
  folder.Write("flows/bot.yaml", kBot);
  int code = -1;
  std::string out = CliFolder::Run("graph " + folder.Path("flows") + " --format dot", &code);
  INFO(out);
  CHECK(code == 0);
  CHECK(out.find("[label=\"Записаться \\\"сейчас\\\" [1]\"]") != std::string::npos);
  CHECK(out.find("regex: (?P<n>\\\\d+) \\\"шт\\\"") != std::string::npos);
  CHECK(out.find("shape=ellipse") != std::string::npos);
}

}  // namespace
}  // namespace switchboard
