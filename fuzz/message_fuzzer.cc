// Fuzz target: a customer's message to the Studio Lumi bot (flows/ of the source
// tree, compiled once). The message goes through what `explain` does (the intent
// matcher and the decision), then through whole turns on a fresh conversation:
// as text, again as the answer to whatever the bot asked, and as a forged button
// payload. A business call a turn leaves pending gets the message as its answer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "dialog/inbound_text.h"
#include "dialog/intent_decision.h"
#include "dialog/turn_runner.h"
#include "flow/flow_program.h"
#include "fuzz_check.h"
#include "switchboard/engine.h"

namespace {

using namespace switchboard;

constexpr int64_t kNowMs = 1795424400000;  // Mon 2026-11-23 12:00 MSK

const FlowProgram& Lumi() {
  static const std::shared_ptr<const FlowProgram> program = [] {
    LoadedBot bot = LoadBot(SB_SOURCE_DIR "/flows");
    fuzz::Require(bot.program != nullptr, "the Studio Lumi flows compile");
    return bot.program;
  }();
  return *program;
}

// What `explain` reads per message: the candidates, the decision, the triggers named.
void Explain(const FlowProgram& program, std::string_view text) {
  MatchResult match = program.intents->Match(text, 0.3);
  IntentDecision decision = DecideIntent(program, match);
  if (decision.kind == IntentDecision::Kind::kMatch) {
    fuzz::Require(decision.chosen != nullptr, "a match names its candidate");
  }
  for (const MatchCandidate* c : decision.choices) fuzz::Require(c != nullptr, "choices are candidates");
  for (const MatchCandidate& c : match.candidates) {
    fuzz::Require(c.trigger < static_cast<int>(program.intent_triggers.size()), "a trigger index is in range");
  }
}

// Resolves a business call left pending, answering it with `body`, a few times at most.
void AnswerPendingCalls(const FlowProgram& program, SessionState* state, const std::string& body,
                        int64_t now_ms) {
  for (int i = 0; i < 4 && state->pending.has_value(); ++i) {
    HttpOutcome outcome;
    outcome.kind = HttpOutcome::Kind::kResponse;
    outcome.status = 200;
    outcome.body = body;
    outcome.attempts = 1;
    (void)PendingCallRequest(program, *state);
    ResumeAfterCall(program, state, "fuzz", outcome, now_ms);
  }
  state->pending.reset();
}

void Turn(const FlowProgram& program, SessionState* state, InboundMessage message, int64_t now_ms) {
  if (state->pending.has_value()) return;
  RunTurn(program, state, message, now_ms);
  AnswerPendingCalls(program, state, message.text, now_ms);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const FlowProgram& program = Lumi();
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  // What Engine::Handle does before a turn: the text cleaned and bounded.
  InboundMessage message;
  message.session_id = "fuzz";
  message.channel = "cli";
  message.user_id = "u1";
  message.message_id = "m1";
  message.text = CleanInboundText(Utf8Prefix(raw, 16 * 1024));

  Explain(program, message.text);

  SessionState state;
  Turn(program, &state, message, kNowMs);
  message.message_id = "m2";
  Turn(program, &state, message, kNowMs + 60000);
  message.message_id = "m3";
  message.button_payload = std::string(Utf8Prefix(message.text, kMaxButtonPayloadBytes));
  Turn(program, &state, message, kNowMs + 120000);
  return 0;
}
