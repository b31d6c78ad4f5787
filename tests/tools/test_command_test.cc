// Tests for tools/cli/test_command.cc through the real program: a single test
// file is answered with the unreached steps of the flows it runs, a folder with
// those of every flow.
#include <doctest/doctest.h>

#include "tools/cli_test_helpers.h"

namespace switchboard {
namespace {

using testing::CliFolder;

const char kBot[] = R"(bot:
  start: main
flows:
  - id: main
    triggers: {keywords: [привет]}
    steps:
      - say: Здравствуйте
        buttons: [{label: Часы, goto: hours}]
      - say: Пока
  - id: hours
    triggers: {keywords: [часы]}
    steps:
      - say: "10-21"
)";

const char kTests[] = R"(tests:
  - name: greeting
    turns:
      - user: привет
        says: Здравствуйте
)";

TEST_CASE("test FILE lists only the unreached steps of the flows the file runs") {
  CliFolder folder("test_file");
  folder.Write("flows/bot.yaml", kBot);
  std::string file = folder.Write("tests/greeting.yaml", kTests);
  int code = -1;
  std::string out = CliFolder::Run("test " + folder.Path("flows") + " " + file, &code);
  INFO(out);
  CHECK(code == 0);
  CHECK(out.find("in the flows these tests run (1):\n  main.#2\n") != std::string::npos);
  CHECK(out.find("hours.#1") == std::string::npos);

  out = CliFolder::Run("test " + folder.Path("flows") + " " + folder.Path("tests"), &code);
  CHECK(out.find("steps no test reaches (2):") != std::string::npos);
  CHECK(out.find("hours.#1") != std::string::npos);
}

TEST_CASE("lint reports a loop that never waits with its place and its steps") {
  CliFolder folder("lint_loop");
  folder.Write("flows/bot.yaml", R"(bot:
  start: main
flow: main
triggers: {keywords: [привет]}
steps:
  - id: again
    set: {name: Анна}
  - ask: name
    prompt: Имя?
  - say: "Спасибо, {{name}}"
  - goto: again
)");
  int code = -1;
  std::string out = CliFolder::Run("lint " + folder.Path("flows"), &code);
  INFO(out);
  CHECK(code == 1);
  CHECK(out.find("bot.yaml:6:5: error: steps main.again -> main.#2 -> main.#3 -> main.#4 -> "
                 "main.again form a loop that can run without waiting for the customer") !=
        std::string::npos);
}

}  // namespace
}  // namespace switchboard
