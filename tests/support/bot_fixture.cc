// Inline-YAML bots and conversations for the dialog tests.
#include "support/bot_fixture.h"

#include <doctest/doctest.h>

#include "actions/http_client.h"
#include "flow/flow_compiler.h"
#include "flow/flow_loader.h"

namespace switchboard::testing {

std::shared_ptr<const FlowProgram> CompileYaml(const YamlFiles& files,
                                               std::vector<Diagnostic>* diagnostics) {
  FlowLoadResult loaded = LoadFlowSources(files);
  std::vector<Diagnostic> local;
  std::vector<Diagnostic>& out = diagnostics ? *diagnostics : local;
  out = loaded.diagnostics;
  if (HasErrors(out)) {
    if (!diagnostics) {
      for (const Diagnostic& d : out) MESSAGE(FormatDiagnostic(d));
    }
    return nullptr;
  }
  auto program = CompileBot(loaded.sources, &out);
  if (!program.ok()) {
    if (!diagnostics) {
      for (const Diagnostic& d : out) MESSAGE(FormatDiagnostic(d));
    }
    return nullptr;
  }
  return *program;
}

TurnOutput Conversation::Run(InboundMessage m) {
  m.session_id = "test";
  m.message_id = std::to_string(++counter_);
  TurnOutput out = RunTurn(*program_, &state_, m, now_ms_);
  // Make the calls the turn left pending, as the engine does after its commit.
  while (state_.pending) {
    HttpOutcome outcome;
    std::optional<HttpCall> call = PendingCallRequest(*program_, state_);
    if (http_ != nullptr && call) {
      outcome = http_->Send(*call);
    } else {
      outcome.kind = HttpOutcome::Kind::kUnreachable;
      outcome.error = "no HTTP client";
    }
    TurnOutput more = ResumeAfterCall(*program_, &state_, m.session_id, outcome, now_ms_);
    for (auto& r : more.replies) out.replies.push_back(std::move(r));
    for (auto& e : more.events) out.events.push_back(std::move(e));
    for (auto& step : more.steps) out.steps.push_back(std::move(step));
    if (more.queue.kind != QueueChange::Kind::kNone) out.queue = more.queue;
  }
  for (const Reply& r : out.replies) {
    if (!r.buttons.empty()) shown_ = r.buttons;
  }
  return out;
}

TurnOutput Conversation::Say(const std::string& text) {
  InboundMessage m;
  m.text = text;
  return Run(m);
}

TurnOutput Conversation::Press(const std::string& label) {
  InboundMessage m;
  for (const Button& b : shown_) {
    if (b.label == label) {
      m.text = b.label;
      m.button_payload = b.payload;
    }
  }
  REQUIRE_MESSAGE(!m.button_payload.empty(), "no button '" << label << "' shown");
  return Run(m);
}

TurnOutput Conversation::Start() {
  InboundMessage m;
  m.start = true;
  return Run(m);
}

std::string Conversation::Text(const TurnOutput& out) {
  std::string text;
  for (const Reply& r : out.replies) text += r.text + "\n";
  return text;
}

std::vector<std::string> Conversation::Labels(const TurnOutput& out) {
  std::vector<std::string> labels;
  for (const Reply& r : out.replies) {
    for (const Button& b : r.buttons) labels.push_back(b.label);
  }
  return labels;
}

}  // namespace switchboard::testing
