// Tests for engine/testkit/conversation_tests.cc, the runner behind `switchboard
// test`: it goes on after a failed press, names the turn of every failure, lists
// the unreached steps of the flows a file is about, and reads test files through
// the same guard as flow files.
#include "testkit/conversation_tests.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "switchboard/store.h"

namespace switchboard {
namespace {

namespace fs = std::filesystem;

const char kBot[] = R"(bot:
  languages: [ru, en]
  start: main
flows:
  - id: main
    triggers: {keywords: {ru: [привет], en: [hello]}}
    steps:
      - say: {ru: Здравствуйте!, en: Hello!}
        buttons: [{label: {ru: Цены, en: Prices}, goto: prices}]
      - say: {ru: Пока, en: Bye}
  - id: prices
    triggers: {keywords: {ru: [цены], en: [prices]}}
    steps:
      - say: {ru: Стрижка 2500, en: Haircut 2500}
  - id: hours
    triggers: {keywords: {ru: [часы], en: [hours]}}
    steps:
      - say: "10-21"
      - say: "{{lang}}"
)";

// A folder with the bot and the tests, and an engine on the in-memory store.
class Fixture {
 public:
  Fixture()
      : dir_(fs::temp_directory_path() / ("sb_conversation_tests_" + std::to_string(::getpid()))),
        clock_(kDefaultTestTimeMs),
        store_(NewMemoryStore()) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "flows");
    fs::create_directories(dir_ / "tests");
    std::ofstream(dir_ / "flows" / "bot.yaml") << kBot;
    std::vector<Diagnostic> diagnostics;
    auto engine = Engine::Open({.flows_dir = (dir_ / "flows").string(), .store = store_.get(), .clock = &clock_},
                               &diagnostics);
    REQUIRE(engine.ok());
    engine_ = std::move(*engine);
  }
  ~Fixture() { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / "tests" / name) << text;
    return (dir_ / "tests" / name).string();
  }
  ConversationTestReport Run(const std::string& yaml) {
    auto tests = LoadConversationTests(Write("t.yaml", yaml));
    REQUIRE(tests.ok());
    return RunConversationTests(*engine_, &clock_, *tests);
  }
  fs::path dir() const { return dir_; }

 private:
  fs::path dir_;
  ManualClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Engine> engine_;
};

TEST_CASE("Conversation tests go on after a press of a button that is not shown") {
  Fixture f;
  ConversationTestReport report = f.Run(R"(tests:
  - name: press then talk
    turns:
      - press: Нет такой
      - user: привет
        says: Здравствуйте
      - press: Цены
        says: "не то"
)");
  REQUIRE(report.results.size() == 1);
  const std::vector<std::string>& failures = report.results[0].failures;
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].find("turn 1 (line 4): no button 'Нет такой'") == 0);
  CHECK(failures[1].find("turn 3 (line 7): expected the bot to say 'не то'") == 0);
}

TEST_CASE("Conversation tests name the turn of a language failure") {
  Fixture f;
  ConversationTestReport report = f.Run(R"(tests:
  - name: starts in English, switched by a Russian keyword
    language: en
    turns:
      - user: hello
      - user: цены
      - user: часы
)");
  REQUIRE(report.results.size() == 1);
  const std::vector<std::string>& failures = report.results[0].failures;
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].find("turn 2 (line 6): expected the conversation in 'en', it is in 'ru'") == 0);
}

TEST_CASE("Conversation tests list the unreached steps of the flows they run") {
  Fixture f;
  ConversationTestReport report = f.Run(R"(tests:
  - name: greeting only
    turns:
      - user: привет
)");
  CHECK(report.failed == 0);
  CHECK(report.unreached_in_touched_flows == std::vector<std::string>{"main.#2"});
  CHECK(std::find(report.unreached_steps.begin(), report.unreached_steps.end(), "hours.#1") !=
        report.unreached_steps.end());
}

TEST_CASE("Conversation test files are refused as flow files are: size, links, aliases, tags") {
  Fixture f;
  std::string big = "tests:\n" + std::string(2 << 20, '#') + "\n";
  auto r = LoadConversationTests(f.Write("big.yaml", big));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("file-too-large") != std::string::npos);
  fs::remove(f.dir() / "tests" / "big.yaml");

  std::ofstream(f.dir() / "secret.env") << "PASSWORD=hunter2\n";
  fs::create_symlink(f.dir() / "secret.env", f.dir() / "tests" / "link.yaml");
  r = LoadConversationTestsFrom((f.dir() / "tests").string());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("link-outside") != std::string::npos);
  CHECK(r.status().message().find("hunter2") == std::string::npos);
  fs::remove(f.dir() / "tests" / "link.yaml");

  r = LoadConversationTests(f.Write("alias.yaml", "a: &x [1, 2]\ntests: [*x]\n"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("yaml-alias") != std::string::npos);
  r = LoadConversationTests(f.Write("tag.yaml", "tests: !include other.yaml\n"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("yaml-tag") != std::string::npos);
}

}  // namespace
}  // namespace switchboard
