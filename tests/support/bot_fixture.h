// Test helpers: compile a bot from YAML written inline, and talk to it turn by turn
// through the pure turn runner (no store).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dialog/session_state.h"
#include "dialog/turn_runner.h"
#include "flow/flow_program.h"
#include "switchboard/diagnostic.h"

namespace switchboard::testing {

using YamlFiles = std::vector<std::pair<std::string, std::string>>;

// Loads and compiles the files; on errors returns null and fills *diagnostics.
std::shared_ptr<const FlowProgram> CompileYaml(const YamlFiles& files,
                                               std::vector<Diagnostic>* diagnostics = nullptr);

// One conversation with a compiled bot.
class Conversation {
 public:
  explicit Conversation(std::shared_ptr<const FlowProgram> program, HttpClient* http = nullptr,
                        int64_t now_ms = 1795424400000 /* Mon 2026-11-23 12:00 MSK */)
      : program_(std::move(program)), http_(http), now_ms_(now_ms) {}

  TurnOutput Say(const std::string& text);
  TurnOutput Press(const std::string& label);  // a button of the last replies
  TurnOutput Start();

  // All reply texts of a turn, joined by newlines.
  static std::string Text(const TurnOutput& out);
  static std::vector<std::string> Labels(const TurnOutput& out);

  SessionState& state() { return state_; }

 private:
  TurnOutput Run(InboundMessage m);

  std::shared_ptr<const FlowProgram> program_;
  HttpClient* http_;
  SessionState state_;
  int counter_ = 0;
  int64_t now_ms_;
  std::vector<Button> shown_;
};

}  // namespace switchboard::testing
