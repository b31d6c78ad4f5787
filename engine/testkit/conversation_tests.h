// Conversation tests written by staff in YAML: the customer says X, the bot answers
// with text containing Y, shows buttons Z, enters flow F, hands off. Runs them
// against a real Engine (on whatever Store it was given) and reports failures and
// the steps of the flows that no test reached. Format: tests/conversations/README.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "switchboard/clock.h"
#include "switchboard/engine.h"
#include "switchboard/status.h"

namespace switchboard {

// The clock of a test without `now`: Monday 2026-11-23, 12:00 Moscow time.
constexpr int64_t kDefaultTestTimeMs = 1795424400000;

// An operator's part of a conversation test: `operator: olga` with one of take,
// reply, note, transfer or hand_back.
struct OperatorTurn {
  OperatorAction::Kind kind = OperatorAction::Kind::kTake;
  std::string operator_id;
  std::string text;         // reply, note; transfer's note
  std::string to_operator;  // transfer
  std::string department;   // transfer
  std::string step;         // hand_back: "flow.step", or "" for the main menu
};

struct ConversationTurn {
  std::string user;                  // the customer writes this...
  std::optional<std::string> press;  // ...or presses this button (label or 1-based number)
  std::optional<OperatorTurn> op;    // ...or an operator acts
  std::optional<bool> silent;        // true: the bot sent nothing this turn
  std::optional<std::string> flow;   // "none": nothing matched
  std::vector<std::string> says;
  std::vector<std::string> not_says;
  std::vector<std::string> buttons;
  std::optional<bool> handoff;
  std::map<std::string, std::string> slots;
  int line = 0;
};

struct ConversationTest {
  std::string name;
  std::string file;
  int line = 0;
  std::string language;       // optional
  std::optional<int64_t> now_ms;
  std::vector<ConversationTurn> turns;
};

// Reads one test file; InvalidArgument with file:line on a malformed one, and on
// a file refused as flow files are (a link out of its folder, a special file,
// more than 1 MB, YAML tags or aliases, nesting too deep).
Result<std::vector<ConversationTest>> LoadConversationTests(const std::string& path);
// The same for a file of `folder`, which a link may not leave.
Result<std::vector<ConversationTest>> LoadConversationTestsIn(const std::string& path,
                                                              const std::string& folder);
// Every *.yaml / *.yml under `path` (a file or a folder), in name order.
Result<std::vector<ConversationTest>> LoadConversationTestsFrom(const std::string& path);

struct ConversationTestResult {
  std::string name;
  std::string file;
  int line = 0;
  bool passed = true;
  std::vector<std::string> failures;  // each "turn 2 (line 14): expected flow 'hours', got 'prices'"
};

struct ConversationTestReport {
  std::vector<ConversationTestResult> results;
  std::vector<std::string> unreached_steps;  // "flow.step" no test ran
  // The same, only in the flows where the tests ran at least one step: what a
  // single test file leaves out of the flows it is about.
  std::vector<std::string> unreached_in_touched_flows;
  int passed = 0;
  int failed = 0;
};

// Runs every test on `engine`, each in a fresh conversation. `clock`, when given,
// is set to each test's `now` (the engine must have been opened with it).
ConversationTestReport RunConversationTests(Engine& engine, ManualClock* clock,
                                            const std::vector<ConversationTest>& tests);

}  // namespace switchboard
