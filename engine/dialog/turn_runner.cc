// The dialog runtime. A turn reads the customer's event in this order: a pressed
// button; a global command (cancel, back, menu, start, operator); the waiting
// step's own triggers and its typed answer; any flow's trigger (an interruption:
// FAQ answers return to the question being asked); a free-text answer; and last the
// fallback policy. Steps then run until one waits for input, the flow ends, or an
// http step leaves its call pending for the engine to make after the commit.
// Operators' actions and the outcomes of business calls enter through their own
// entry points at the bottom of this file.
#include "dialog/turn_runner.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>

#include "dialog/command_fit.h"
#include "dialog/intent_decision.h"
#include "dialog/service_call.h"
#include "dialog/slot_parsers.h"
#include "dialog/system_texts.h"

namespace switchboard {
namespace {

// The checker rejects loops that never wait for the customer; this is the backstop:
// a turn that runs this many steps is handed to operators with the reason logged.
constexpr int kMaxStepsPerTurn = 200;
constexpr int kEndOfTurn = -2;          // a step ended the turn on its own
constexpr size_t kMaxWaiting = 4;       // interrupted questions remembered
constexpr size_t kMaxAnswered = 32;     // questions "back" can return to
// Payloads of the buttons the engine shows: "~<turn>.<index>", at most 1 + 19 + 1 +
// 10 bytes, far inside kMaxButtonPayloadBytes.
constexpr std::string_view kPayloadPrefix = "~";
// A global command's payload, for messengers' persistent menus: "/start", "/menu", ...
constexpr std::string_view kCommandPayloadPrefix = "/";
// How long a process owns a call it committed before another may take it over.
constexpr int64_t kCallLeaseSlackMs = 5000;

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool ParseDouble(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

// Words with at least one letter ("LM-10001" is one, "1234567" none).
size_t LetterWords(std::string_view text) {
  size_t words = 0;
  bool in_word = false, counted = false;
  for (char c : NormalizeText(text)) {
    if (c == ' ') {
      in_word = counted = false;
      continue;
    }
    const bool letter = !(c >= '0' && c <= '9') && c != '-';
    if (!in_word) in_word = true;
    if (letter && !counted) {
      ++words;
      counted = true;
    }
  }
  return words;
}

std::optional<CommandKind> CommandNamed(std::string_view name) {
  if (name == "start") return CommandKind::kStart;
  if (name == "menu") return CommandKind::kMenu;
  if (name == "cancel") return CommandKind::kCancel;
  if (name == "back") return CommandKind::kBack;
  if (name == "operator") return CommandKind::kOperator;
  return std::nullopt;
}

// The longest `call` may take, every attempt included, and a margin.
int64_t CallLeaseMs(const HttpCall& call) {
  return static_cast<int64_t>(call.timeout_ms) * (1 + std::clamp(call.retries, 0, kMaxHttpRetries)) +
         kCallLeaseSlackMs;
}

class TurnRunner {
 public:
  TurnRunner(const FlowProgram& program, SessionState* state, int64_t now_ms)
      : p_(program), s_(*state), now_ms_(now_ms) {}

  TurnOutput Run(const InboundMessage& message) {
    session_id_ = message.session_id;
    origin_message_id_ = message.message_id;
    ++s_.turns;
    last_flow_ = p_.FindFlow(s_.current_flow);
    if (!message.channel.empty()) s_.channel = message.channel;
    if (!message.user_id.empty()) s_.user_id = message.user_id;
    LogCustomer(message);
    if (!message.content.empty()) out_.events.back().attrs["content"] = message.content;
    if (s_.with_people()) return std::move(out_);  // operators answer; the log has it
    if (!message.content.empty()) {  // nothing the flows could read
      if (s_.language.empty()) s_.language = KnownLanguage(message.language) ? message.language : p_.bot.default_language;
      Say(std::string(SystemTextFor(SystemText::kUnsupportedContent, s_.language)));
      return std::move(out_);
    }

    if (s_.language.empty() && !message.button_payload.empty()) {  // a button first: no text to read
      s_.language = KnownLanguage(message.language) ? message.language : p_.bot.default_language;
    }
    std::string payload = message.button_payload;
    if (payload.empty() && !message.start) payload = PayloadForText(message.text);
    if (message.start) {
      if (s_.language.empty()) s_.language = KnownLanguage(message.language) ? message.language : p_.bot.default_language;
      StartOver();
    } else if (!payload.empty() && HandlePayload(payload)) {
      s_.misses = 0;
    } else {
      HandleText(message.text, message.language);
    }
    return std::move(out_);
  }

  TurnOutput RunUnread(const InboundMessage& message) {
    ++s_.turns;
    if (!message.channel.empty()) s_.channel = message.channel;
    if (!message.user_id.empty()) s_.user_id = message.user_id;
    LogCustomer(message);
    out_.events.back().attrs["unread"] = "too_long";
    if (s_.language.empty()) s_.language = KnownLanguage(message.language) ? message.language : p_.bot.default_language;
    if (!s_.with_people()) Say(std::string(SystemTextFor(SystemText::kMessageTooLong, s_.language)));
    return std::move(out_);
  }

  TurnOutput Resume(const std::string& session_id, const HttpOutcome& outcome) {
    session_id_ = session_id;
    ++s_.turns;
    last_flow_ = p_.FindFlow(s_.current_flow);
    PendingCall call = std::move(*s_.pending);
    s_.pending.reset();
    origin_message_id_ = call.message_id;
    int step = p_.FindStep(call.step);
    if (step == kNoStep || p_.steps[step].kind != StepKind::kHttp) {
      // The flows were republished without that step: the customer is told the
      // service did not answer rather than left waiting.
      ServiceUnavailable();
      return std::move(out_);
    }
    const CompiledStep& s = p_.steps[step];
    HttpCall request = BuildServiceCall(p_, s, [this](std::string_view slot) { return SlotValue(slot); },
                                        call.idempotency_key);
    ServiceResult result = InterpretServiceOutcome(p_, s, outcome);
    LogServiceCall(s, request, outcome, result.status);
    SetSlot("http_status", result.status);
    SetSlot("http_error", result.error);
    for (const auto& [slot, value] : result.saved) SetSlot(slot, value);
    if (result.next) {
      RunFrom(*result.next);
    } else {
      ServiceUnavailable();
    }
    return std::move(out_);
  }

  Result<TurnOutput> Operate(const OperatorAction& a) {
    using Kind = OperatorAction::Kind;
    if (a.operator_id.empty()) return Status::InvalidArgument("an operator action without an operator id");
    const bool owner = s_.handler == Handler::kOperator && s_.operator_id == a.operator_id;
    if (a.kind == Kind::kNotice && !s_.with_people()) {
      return Status::Conflict("session " + a.session_id + " is with the bot");
    }
    const bool anyones = a.kind == Kind::kTake || a.kind == Kind::kNote || a.kind == Kind::kNotice ||
                         a.kind == Kind::kBotSay;
    if (!anyones && !owner) {
      return Status::Conflict("session " + a.session_id + " is not with operator " + a.operator_id);
    }
    if (a.kind == Kind::kTake && s_.handler == Handler::kOperator && !owner) {
      return Status::Conflict("session " + a.session_id + " is with operator " + s_.operator_id);
    }
    if ((a.kind == Kind::kSay || a.kind == Kind::kNote || a.kind == Kind::kNotice || a.kind == Kind::kBotSay) &&
        a.text.empty()) {
      return Status::InvalidArgument("an operator's message without text");
    }
    for (const Button& b : a.buttons) {
      if (b.label.empty() || b.payload.empty() || b.payload.size() > kMaxButtonPayloadBytes) {
        return Status::InvalidArgument("a button needs a label and a payload of 1-" +
                                       std::to_string(kMaxButtonPayloadBytes) + " bytes");
      }
    }
    if (a.kind == Kind::kTransfer && a.to_operator.empty() && a.department.empty()) {
      return Status::InvalidArgument("a transfer names an operator or a department");
    }
    session_id_ = a.session_id;
    int step = kNoStep;
    if (a.kind == Kind::kHandBack && !a.step.empty()) {
      step = p_.FindStep(a.step);
      if (step == kNoStep) return Status::InvalidArgument("no step '" + a.step + "' to hand the chat back to");
    }
    ++s_.turns;
    last_flow_ = p_.FindFlow(s_.current_flow);
    Event e;
    e.at_ms = now_ms_;
    e.name = a.operator_id;
    switch (a.kind) {
      case Kind::kTake:
        e.type = EventType::kOperatorTook;
        out_.events.push_back(std::move(e));
        if (!owner) Say(std::string(SystemTextFor(SystemText::kOperatorJoined, s_.language)));
        s_.handler = Handler::kOperator;
        s_.operator_id = a.operator_id;
        ClearWaiting();
        out_.queue.kind = QueueChange::Kind::kAssign;
        out_.queue.operator_id = a.operator_id;
        out_.queue.max_assigned = a.max_chats;
        break;
      case Kind::kSay:
        e.type = EventType::kOperatorSaid;
        e.text = a.text;
        out_.events.push_back(std::move(e));
        out_.replies.push_back(Reply{a.text, {}, {}});
        ForgetButtons();
        break;
      case Kind::kNotice: {
        auto localized = a.texts.find(s_.language);
        Say(localized != a.texts.end() ? localized->second : a.text);
        break;
      }
      case Kind::kBotSay:
        Deliver(Reply{a.text, a.buttons, {}});
        s_.numbered_buttons = 0;  // "1" would press a flow's button the customer no longer sees last
        break;
      case Kind::kNote:
        e.type = EventType::kOperatorNote;
        e.text = a.text;
        out_.events.push_back(std::move(e));
        break;
      case Kind::kTransfer:
        e.type = EventType::kTransferred;
        if (!a.to_operator.empty()) e.attrs["to_operator"] = a.to_operator;
        if (!a.department.empty()) e.attrs["department"] = a.department;
        if (!a.text.empty()) e.attrs["note"] = a.text;
        out_.events.push_back(std::move(e));
        s_.handler = a.to_operator.empty() ? Handler::kQueued : Handler::kOperator;
        s_.operator_id = a.to_operator;
        out_.queue.kind = QueueChange::Kind::kRequeue;
        out_.queue.department = a.department;
        out_.queue.operator_id = a.to_operator;
        break;
      case Kind::kHandBack:
        e.type = EventType::kHandedBack;
        e.value = step == kNoStep ? "" : p_.steps[step].name;
        out_.events.push_back(std::move(e));
        s_.handler = Handler::kBot;
        s_.operator_id.clear();
        s_.misses = 0;
        out_.queue.kind = QueueChange::Kind::kRemove;
        if (step != kNoStep) {
          ClearWaiting();
          NoteEntered(p_.steps[step].flow);
          RunFrom(step);
        } else if (p_.start_flow >= 0) {
          EnterFlow(p_.start_flow, MatchCandidate{});
        }
        break;
    }
    return std::move(out_);
  }

 private:
  // ---- input ---------------------------------------------------------------

  void LogCustomer(const InboundMessage& m) {
    Event e;
    e.at_ms = now_ms_;
    if (!m.button_payload.empty()) {
      e.type = EventType::kButtonPressed;
      e.text = m.text;
      e.value = m.button_payload;
    } else {
      e.type = EventType::kUserSaid;
      e.text = m.text;
    }
    if (!m.message_id.empty()) e.attrs["message_id"] = m.message_id;
    if (!m.channel.empty()) e.attrs["channel"] = m.channel;
    out_.events.push_back(std::move(e));
  }

  // Channels without native buttons send "2" or the label's text. Only the latest
  // message's buttons are pressed by number; a label presses any button shown last.
  std::string PayloadForText(const std::string& text) const {
    if (s_.last_buttons.empty()) return "";
    std::string t = Trim(text);
    if (!t.empty() && t.size() <= 2 &&
        std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      size_t k = std::strtoul(t.c_str(), nullptr, 10);
      size_t numbered = static_cast<size_t>(s_.numbered_buttons);
      size_t first = s_.last_buttons.size() - numbered;
      if (k >= 1 && k <= numbered) return s_.last_buttons[first + k - 1].payload;
      return "";
    }
    std::string normal = NormalizeText(t);
    if (normal.empty()) return "";
    for (const Button& b : s_.last_buttons) {
      if (!b.payload.empty() && NormalizeText(b.label) == normal) return b.payload;
    }
    return "";
  }

  // Honours a payload only when it is one of the buttons this conversation was
  // shown last, or a global command's; false otherwise (a stale or forged button),
  // and the message is read as text.
  bool HandlePayload(const std::string& payload) {
    if (payload.starts_with(kCommandPayloadPrefix)) {
      std::optional<CommandKind> kind = CommandNamed(std::string_view(payload).substr(1));
      if (!kind) return false;
      RunCommandOfKind(*kind);
      return true;
    }
    auto shown = std::find_if(s_.last_buttons.begin(), s_.last_buttons.end(),
                              [&](const Button& b) { return !b.payload.empty() && b.payload == payload; });
    if (shown == s_.last_buttons.end()) return false;
    const Button button = *shown;
    switch (button.action) {
      case ButtonAction::kGoto: {
        int step = p_.FindStep(button.target);
        if (step == kNoStep) return false;  // the flows changed since it was shown
        int flow = p_.steps[step].flow;
        if (p_.steps[step].name == FirstStepName(flow)) NoteEntered(flow);
        if (!(p_.flows[flow].resume && WaitingAsk() != nullptr)) ClearWaiting();
        RunFrom(step);
        return true;
      }
      case ButtonAction::kChoose: {
        const CompiledStep* ask = WaitingAsk();
        if (ask == nullptr) return false;
        for (const CompiledOption& o : OptionsOf(*ask)) {
          if (o.value == button.target) {
            Answer(*ask, o.value);
            return true;
          }
        }
        return false;
      }
      case ButtonAction::kMore: {
        const CompiledStep* ask = WaitingAsk();
        if (ask == nullptr) return false;
        ++s_.options_page;
        Reprompt(*ask);
        return true;
      }
      case ButtonAction::kCommand: {
        std::optional<CommandKind> kind = CommandNamed(button.target);
        if (!kind) return false;
        RunCommandOfKind(*kind);
        return true;
      }
      case ButtonAction::kLink:
        return false;
    }
    return false;
  }

  void RunCommandOfKind(CommandKind kind) {
    for (const CompiledCommand& c : p_.commands) {
      if (c.kind == kind) {
        RunCommand(c);
        return;
      }
    }
    CompiledCommand builtin;
    builtin.kind = kind;
    builtin.target = kNoStep;
    RunCommand(builtin);
  }

  void HandleText(const std::string& text, const std::string& language_hint) {
    MatchResult match = p_.intents->Match(text, 0.3);
    // A command only counts when the message is that command (command_fit.h).
    DropUnfitCommands(&match, text);
    ChooseLanguage(match, language_hint, text);
    IntentDecision decision = DecideIntent(p_, match);
    const MatchCandidate* best = decision.kind == IntentDecision::Kind::kMatch ? decision.chosen : nullptr;

    if (best && IsCommandTarget(best->target)) {
      s_.misses = 0;
      RunCommand(p_.commands[CommandOf(best->target)]);
      return;
    }

    const CompiledStep* waiting = WaitingStep();
    if (waiting != nullptr && HandleLocal(*waiting, text)) {
      s_.misses = 0;
      return;
    }
    if (waiting != nullptr && waiting->kind == StepKind::kAsk && TryTypedAnswer(*waiting, text)) {
      s_.misses = 0;
      return;
    }
    // A change of an earlier answer beats re-entering the same flow from its start
    // (which would lose the answers); another flow's match still wins ("сколько
    // стоит педикюр" asked at the master's question is a question).
    const bool other_flow_matched = best != nullptr && best->target != (waiting ? waiting->flow : -1);
    // A free-text question takes any answer: "Мария" at the name question is a name,
    // not a change of master.
    if (waiting != nullptr && waiting->kind == StepKind::kAsk && waiting->slot_type != SlotType::kText &&
        !other_flow_matched && TryCorrection(*waiting, text)) {
      s_.misses = 0;
      return;
    }
    if (waiting != nullptr && waiting->kind == StepKind::kAsk && best != nullptr && !other_flow_matched &&
        best->captures.empty()) {
      // The flow the customer is already in, with nothing new for it ("Записаться"
      // tapped after an answer in the middle of the booking): the form goes on where
      // it was. A trigger that captures values ("LM-12345") enters the flow again.
      s_.misses = 0;
      Reprompt(*waiting);
      return;
    }
    if (decision.kind == IntentDecision::Kind::kAskWhich) {
      s_.misses = 0;
      AskWhichOne(decision.choices);
      return;
    }
    if (best) {
      s_.misses = 0;
      // Each question the message clearly asks is answered in the same turn, in the
      // order asked, unless an answer waits for something or a form is in progress.
      const std::vector<const MatchCandidate*> questions =
          waiting != nullptr ? std::vector<const MatchCandidate*>{best} : QuestionsInOrder(p_, match, *best);
      for (const MatchCandidate* question : questions) {
        EnterFlow(question->target, *question, text);
        if (!s_.waiting.empty()) break;
      }
      return;
    }
    if (waiting != nullptr && waiting->kind == StepKind::kAsk) {
      if (waiting->slot_type == SlotType::kText && AcceptText(*waiting, text)) return;
      InvalidAnswer(*waiting);
      return;
    }
    if (s_.turns == 1 && p_.start_flow >= 0) {
      EnterFlow(p_.start_flow, MatchCandidate{});
      return;
    }
    if (!s_.waiting.empty() && waiting == nullptr && ResumeAfterRemovedStep()) return;
    Fallback();
  }

  // The flows were republished without the step this conversation waited at. The
  // customer was answering a question, not talking to nobody: the flow starts again
  // (questions whose slots are set are skipped, so the form goes on at the first
  // one left), or, when the flow is gone too, the main menu. Never the fallback.
  bool ResumeAfterRemovedStep() {
    std::string_view name = s_.waiting.back();
    int flow = p_.FindFlow(name.substr(0, name.find('.')));
    ClearWaiting();
    if (flow >= 0) {
      EnterFlow(flow, MatchCandidate{});
      return true;
    }
    if (p_.start_flow >= 0) {
      EnterFlow(p_.start_flow, MatchCandidate{});
      return true;
    }
    return false;
  }

  bool KnownLanguage(const std::string& lang) const {
    return !lang.empty() && std::find(p_.bot.languages.begin(), p_.bot.languages.end(), lang) != p_.bot.languages.end();
  }

  // The first message picks the conversation's language: the channel's word for the
  // customer's language, else the matched trigger's, else the message's script,
  // else the bot's default.
  void ChooseLanguage(const MatchResult& match, const std::string& hint, const std::string& text) {
    auto known = [&](const std::string& lang) { return KnownLanguage(lang); };
    std::string matched;
    const bool understood = !match.candidates.empty() && match.candidates[0].score >= p_.bot.match_threshold;
    if (understood) matched = match.candidates[0].language;
    // "/start" and other slash commands say nothing about the customer's language.
    const bool slash_command = !match.candidates.empty() && IsCommandTarget(match.candidates[0].target) &&
                               matched.empty();
    // The first text decides (a greeting on /start picks a language without one), in
    // this order: a trigger of a language matched in that language's script; the
    // channel's word for the customer's language; a trigger matched through
    // transliteration or the keyboard layout; the script of a message that says
    // enough (a trigger matched, or two words: "ok" alone says little).
    if (s_.language.empty() || !s_.language_read) {
      const bool says_enough = understood || LetterWords(text) >= 2;
      if (known(matched) && matched == match.script_language) {
        s_.language = matched;
        s_.language_read = true;
      } else if (known(hint)) {
        s_.language = hint;
      } else if (known(matched)) {
        s_.language = matched;
        s_.language_read = true;
      } else if (!slash_command && known(match.script_language) && says_enough) {
        s_.language = match.script_language;
        s_.language_read = true;
      } else if (s_.language.empty()) {
        s_.language = p_.bot.default_language;
      }
      return;
    }
    // Switch only on clear evidence: a trigger of the other language, in its script.
    if (!matched.empty() && matched != s_.language && matched == match.script_language && known(matched)) {
      s_.language = matched;
    }
  }

  void AskWhichOne(const std::vector<const MatchCandidate*>& choices) {
    Reply reply;
    reply.text = std::string(SystemTextFor(SystemText::kDidYouMean, s_.language));
    for (const MatchCandidate* c : choices) {
      const CompiledFlow& f = p_.flows[c->target];
      std::string label = f.title.empty() ? f.id : Render(f.title);
      reply.buttons.push_back(MakeButton(label, ButtonAction::kGoto, FirstStepName(c->target)));
    }
    Emit(std::move(reply));
  }

  // ---- commands ------------------------------------------------------------

  void RunCommand(const CompiledCommand& command) {
    switch (command.kind) {
      case CommandKind::kCancel:
        ClearWaiting();
        s_.answered.clear();
        LogReset("cancel");
        if (command.target != kNoStep) {
          RunFrom(command.target);
        } else {
          Say(std::string(SystemTextFor(SystemText::kCancelled, s_.language)));
        }
        return;
      case CommandKind::kBack:
        GoBack();
        return;
      case CommandKind::kStart:
      case CommandKind::kMenu:
        ClearWaiting();
        if (command.target != kNoStep) {
          NoteEntered(p_.steps[command.target].flow);
          RunFrom(command.target);
        } else if (p_.start_flow >= 0) {
          EnterFlow(p_.start_flow, MatchCandidate{});
        }
        return;
      case CommandKind::kOperator:
        ClearWaiting();
        if (command.target != kNoStep) {
          NoteEntered(p_.steps[command.target].flow);
          RunFrom(command.target);
        } else {
          Handoff("operator", "", 0, CompiledText{});
        }
        return;
    }
  }

  void StartOver() {
    ClearWaiting();
    s_.answered.clear();
    s_.misses = 0;
    if (s_.language.empty()) s_.language = p_.bot.default_language;
    LogReset("start");
    if (p_.start_flow >= 0) EnterFlow(p_.start_flow, MatchCandidate{});
  }

  void GoBack() {
    const CompiledStep* waiting = WaitingStep();
    std::string current = waiting ? waiting->name : "";
    while (!s_.answered.empty()) {
      std::string previous = s_.answered.back();
      s_.answered.pop_back();
      int step = p_.FindStep(previous);
      if (step == kNoStep || previous == current) continue;
      if (!s_.waiting.empty()) s_.waiting.pop_back();
      const CompiledStep& ask = p_.steps[step];
      if (ask.kind == StepKind::kAsk) SetSlot(ask.slot, "");
      RunFrom(step);
      return;
    }
    Say(std::string(SystemTextFor(SystemText::kNothingToGoBack, s_.language)));
    if (waiting != nullptr) Reprompt(*waiting);
  }

  // ---- the waiting step ----------------------------------------------------

  const CompiledStep* WaitingStep() const {
    if (s_.waiting.empty()) return nullptr;
    int step = p_.FindStep(s_.waiting.back());
    return step == kNoStep ? nullptr : &p_.steps[step];
  }

  const CompiledStep* WaitingAsk() const {
    const CompiledStep* step = WaitingStep();
    return step != nullptr && step->kind == StepKind::kAsk ? step : nullptr;
  }

  bool HandleLocal(const CompiledStep& step, const std::string& text) {
    if (!step.local_matcher) return false;
    MatchResult local = step.local_matcher->Match(text, p_.bot.match_threshold);
    if (local.candidates.empty()) return false;
    int target = step.local_targets[local.candidates[0].target];
    if (IsOptionTarget(target)) {
      Answer(step, step.options[OptionOf(target)].value);
      return true;
    }
    if (target == kNoStep) return false;
    s_.waiting.pop_back();
    s_.attempts = 0;
    for (const auto& [slot, value] : local.candidates[0].captures) {
      if (!value.empty()) SetSlot(slot, value);
    }
    RunFrom(target);
    return true;
  }

  bool TryTypedAnswer(const CompiledStep& step, const std::string& text) {
    // Free text is taken only when no flow claims it; static choices go through
    // HandleLocal.
    if (step.slot_type == SlotType::kText) return false;
    if (step.slot_type == SlotType::kChoice && step.options_from.empty()) return false;
    std::optional<std::string> value = ParseAnswer(step, text);
    if (!value) return false;
    Answer(step, *value);
    return true;
  }

  // A customer changing an earlier answer of the form ("лучше в воскресенье" at the
  // master's question, "давайте лучше на педикюр" at the day's): the latest answered
  // question of the same flow that reads answers out of free text (prefill) and
  // reads a different value out of this message takes it, and the flow goes on from
  // that question. Questions whose slots are set are skipped as usual, so the other
  // answers are kept; those that always ask (a master, a time) ask again.
  bool TryCorrection(const CompiledStep& waiting, const std::string& text) {
    std::vector<std::string_view> tried_slots{waiting.slot};
    for (auto it = s_.answered.rbegin(); it != s_.answered.rend(); ++it) {
      int index = p_.FindStep(*it);
      if (index == kNoStep) continue;
      const CompiledStep& earlier = p_.steps[index];
      if (earlier.kind != StepKind::kAsk || earlier.flow != waiting.flow || !earlier.prefill ||
          earlier.slot_type == SlotType::kText) {
        continue;
      }
      if (std::find(tried_slots.begin(), tried_slots.end(), earlier.slot) != tried_slots.end()) continue;
      tried_slots.push_back(earlier.slot);
      std::optional<std::string> value = ParseAnswer(earlier, text);
      if (!value || *value == SlotValue(earlier.slot).value_or("")) continue;
      SetAnswer(earlier, *value);
      s_.waiting.pop_back();
      s_.attempts = 0;
      NoteAnswered(earlier);
      RunFrom(earlier.next);
      return true;
    }
    return false;
  }

  // The canonical answer `text` gives to `step`, or nullopt when it gives none.
  std::optional<std::string> ParseAnswer(const CompiledStep& step, const std::string& text) const {
    std::optional<std::string> value;
    switch (step.slot_type) {
      case SlotType::kText:
        value = ParseText(text);
        break;
      case SlotType::kChoice:
        value = ChooseOption(step, text);
        break;
      case SlotType::kNumber:
        value = ParseNumber(text);
        if (value) {
          double v = std::strtod(value->c_str(), nullptr);
          if ((step.min && v < *step.min) || (step.max && v > *step.max)) value.reset();
        }
        break;
      case SlotType::kPhone:
        value = ParsePhone(text);
        break;
      case SlotType::kEmail:
        value = ParseEmail(text);
        break;
      case SlotType::kDate:
        value = ParseDate(text, now_ms_, ZoneOffsetMinutes());
        break;
    }
    if (!value || !Validates(step, *value)) return std::nullopt;
    return value;
  }

  // The option a text names: a static option through the step's matcher, a dynamic
  // one by its value or label.
  std::optional<std::string> ChooseOption(const CompiledStep& step, const std::string& text) const {
    if (!step.options_from.empty()) {
      std::string wanted = NormalizeText(text);
      if (wanted.empty()) return std::nullopt;
      for (const CompiledOption& o : OptionsOf(step)) {
        if (NormalizeText(o.value) == wanted || NormalizeText(Render(o.label)) == wanted) return o.value;
      }
      return std::nullopt;
    }
    for (const CompiledOption& o : step.options) {
      if (o.value == text) return o.value;
    }
    if (!step.local_matcher) return std::nullopt;
    MatchResult local = step.local_matcher->Match(text, p_.bot.match_threshold);
    for (const MatchCandidate& c : local.candidates) {
      int target = step.local_targets[c.target];
      if (IsOptionTarget(target)) return step.options[OptionOf(target)].value;
    }
    return std::nullopt;
  }

  // Static options, or those in the JSON array held by `options_from`.
  std::vector<CompiledOption> OptionsOf(const CompiledStep& step) const {
    if (step.options_from.empty()) return step.options;
    std::vector<CompiledOption> out;
    auto it = s_.slots.find(step.options_from);
    if (it == s_.slots.end()) return out;
    std::string label_pointer = switchboard::Render(step.option_label, [this](std::string_view slot) {
      return slot == "lang" ? std::optional<std::string>(s_.language) : std::nullopt;
    });
    auto options = OptionsFromJson(it->second, step.option_value, label_pointer);
    if (!options.ok()) return out;
    for (const JsonOption& o : *options) {
      CompiledOption option;
      option.value = o.value;
      option.label.by_lang.emplace("", Template({Template::Part{false, o.label, std::nullopt}}));
      out.push_back(std::move(option));
    }
    return out;
  }

  bool AcceptText(const CompiledStep& step, const std::string& text) {
    std::optional<std::string> value = ParseText(text);
    if (!value || !Validates(step, *value)) return false;
    Answer(step, *value);
    return true;
  }

  static bool Validates(const CompiledStep& step, const std::string& value) {
    if (!step.validator) return true;
    std::string folded = FoldCase(value);
    return RE2::FullMatch(folded, *step.validator);
  }

  void Answer(const CompiledStep& step, const std::string& value) {
    SetAnswer(step, value);
    if (!s_.waiting.empty()) s_.waiting.pop_back();
    s_.attempts = 0;
    NoteAnswered(step);
    RunFrom(step.next);
  }

  // Sets the question's slot; a choice also sets <slot>_label, the chosen option's
  // label in the conversation's language, and a date the day as people say it
  // ("в субботу, 5 декабря"), for summaries.
  void SetAnswer(const CompiledStep& step, const std::string& value) {
    SetSlot(step.slot, value);
    if (step.slot_type == SlotType::kDate) {
      SetSlot(step.slot + "_label",
              FormatDateLabel(value, s_.language, now_ms_, ZoneOffsetMinutes()).value_or(value));
    }
    if (step.slot_type != SlotType::kChoice) return;
    for (const CompiledOption& o : OptionsOf(step)) {
      if (o.value == value) {
        SetSlot(step.slot + "_label", o.label.empty() ? o.value : Render(o.label));
        return;
      }
    }
  }

  // The bot's zone's offset now (daylight saving time changes it during the year).
  int ZoneOffsetMinutes() const {
    return UtcOffsetMinutes(p_.bot.timezone, now_ms_).value_or(p_.utc_offset_minutes);
  }

  void NoteAnswered(const CompiledStep& step) {
    s_.answered.push_back(step.name);
    if (s_.answered.size() > kMaxAnswered) s_.answered.erase(s_.answered.begin());
  }

  // ---- services --------------------------------------------------------------

  // Leaves the http step's call pending: the engine makes it after this turn's
  // commit, with a key that stays the same however often it is attempted.
  void LeaveCallPending(const CompiledStep& s) {
    PendingCall call;
    call.step = s.name;
    call.idempotency_key = session_id_ + ":" + std::to_string(s_.turns) + ":" + s.name;
    call.message_id = origin_message_id_;
    call.lease_until_ms = now_ms_ + CallLeaseMs(BuildServiceCall(p_, s, [this](std::string_view slot) { return SlotValue(slot); }, ""));
    Event e;
    e.type = EventType::kServicePending;
    e.at_ms = now_ms_;
    e.name = s.http.service >= 0 ? p_.services[s.http.service].id : "";
    e.value = s.name;
    e.attrs["key"] = call.idempotency_key;
    out_.events.push_back(std::move(e));
    s_.pending = std::move(call);
  }

  void LogServiceCall(const CompiledStep& s, const HttpCall& call, const HttpOutcome& outcome,
                      const std::string& status) {
    Event e;
    e.type = EventType::kServiceCalled;
    e.at_ms = now_ms_;
    e.name = s.http.service >= 0 ? p_.services[s.http.service].id : "";
    e.value = status;
    e.attrs["method"] = call.method;
    e.attrs["path"] = call.path;
    e.attrs["attempts"] = std::to_string(outcome.attempts);
    e.attrs["step"] = s.name;
    out_.events.push_back(std::move(e));
  }

  // No on_error: say so and offer an operator, leaving the flow.
  void ServiceUnavailable() {
    Reply reply;
    reply.text = std::string(SystemTextFor(SystemText::kServiceUnavailable, s_.language));
    for (const CompiledCommand& c : p_.commands) {
      if (c.kind == CommandKind::kOperator && c.target != kNoStep) {
        reply.buttons.push_back(MakeButton(std::string(SystemTextFor(SystemText::kCallOperator, s_.language)),
                                           ButtonAction::kGoto, p_.steps[c.target].name));
      }
    }
    Emit(std::move(reply));
    ClearWaiting();
  }

  void InvalidAnswer(const CompiledStep& step) {
    ++s_.attempts;
    if (s_.attempts >= step.max_attempts) {
      s_.attempts = 0;
      s_.waiting.pop_back();
      if (step.on_fail != kNoStep) {
        RunFrom(step.on_fail);
      } else {
        Handoff("max_attempts", "", 0, CompiledText{});
      }
      return;
    }
    Reply reply;
    reply.text = step.retry.empty() ? (step.prompt.empty() ? std::string(SystemTextFor(SystemText::kInvalidAnswer, s_.language))
                                                           : Render(step.prompt))
                                    : Render(step.retry);
    reply.buttons = ButtonsOf(step);
    Emit(std::move(reply));
  }

  // ---- flows and steps -----------------------------------------------------

  void EnterFlow(int flow, const MatchCandidate& match, const std::string& entry_text = "") {
    const CompiledFlow& f = p_.flows[flow];
    const bool interrupting = f.resume && WaitingAsk() != nullptr;
    if (!interrupting) {
      ClearWaiting();
      // Prefill reads this message for every question of the flow, each question
      // once (a question asked again after "change" is asked, not filled in again).
      // An interruption keeps the interrupted form's message.
      s_.entry_text = entry_text;
    }
    NoteEntered(flow);
    for (const auto& [slot, value] : match.captures) {
      if (!value.empty()) SetSlot(slot, value);
    }
    RunFrom(f.first_step);
  }

  void NoteEntered(int flow) {
    last_flow_ = flow;
    if (out_.entered_flow.empty()) out_.entered_flow = p_.flows[flow].id;
    Event e;
    e.type = EventType::kFlowEntered;
    e.at_ms = now_ms_;
    e.name = p_.flows[flow].id;
    out_.events.push_back(std::move(e));
  }

  void RunFrom(int step) {
    for (; steps_run_ < kMaxStepsPerTurn; ++steps_run_) {
      if (step == kEndOfTurn) return;
      if (step == kNoStep) {
        EndFlow();
        return;
      }
      const CompiledStep& s = p_.steps[step];
      if (s.flow != last_flow_) NoteEntered(s.flow);  // a goto, button or on_fail into another flow
      s_.current_flow = p_.flows[s.flow].id;
      LogStep(s);
      switch (s.kind) {
        case StepKind::kSay: {
          Reply reply;
          reply.text = Render(s.text);
          reply.buttons = ButtonsOf(s);
          for (const CompiledText& q : s.quick_replies) reply.quick_replies.push_back(Render(q));
          Emit(std::move(reply));
          if (s.waits) {
            Wait(s);
            return;
          }
          step = s.next;
          break;
        }
        case StepKind::kAsk: {
          // Filled already (earlier, or by a trigger's regex group): keep it if it
          // reads as an answer, in its canonical form.
          if (s.skip_if_set && HasSlot(s.slot)) {
            if (std::optional<std::string> value = ParseAnswer(s, s_.slots.at(s.slot))) {
              SetAnswer(s, *value);
              step = s.next;
              break;
            }
          }
          // Answered by the message that entered the flow ("на маникюр в субботу").
          if (s.prefill && s.slot_type != SlotType::kText && !s_.entry_text.empty() && !HasSlot(s.slot) &&
              std::find(s_.prefilled.begin(), s_.prefilled.end(), s.name) == s_.prefilled.end()) {
            s_.prefilled.push_back(s.name);
            if (std::optional<std::string> value = ParseAnswer(s, s_.entry_text)) {
              SetAnswer(s, *value);
              NoteAnswered(s);
              step = s.next;
              break;
            }
          }
          s_.options_page = 0;
          Reprompt(s);
          Wait(s);
          return;
        }
        case StepKind::kHttp:
          LeaveCallPending(s);
          return;
        case StepKind::kSet:
          for (const auto& [slot, value] : s.assignments) SetSlot(slot, Render(value));
          step = s.next;
          break;
        case StepKind::kIf:
          step = Branch(s);
          break;
        case StepKind::kGoto:
          step = s.target;
          break;
        case StepKind::kHandoff:
          Handoff(s.reason, s.department, s.priority, s.text);
          return;
        case StepKind::kEnd:
          if (!s.text.empty()) Say(Render(s.text));
          EndFlow();
          return;
      }
    }
    // Checked flows cannot loop without waiting; should a turn still run this far,
    // it stops and a person takes over, with the reason in the log.
    ClearWaiting();
    Handoff("step_limit", "", 0, CompiledText{});
  }

  int Branch(const CompiledStep& s) {
    for (const CompiledBranch& b : s.branches) {
      if (Holds(b.when)) return b.target == kNoStep ? s.next : b.target;
    }
    return s.otherwise != kNoStep ? s.otherwise : s.next;
  }

  bool Holds(const ConditionAst& condition) const {
    for (const ClauseAst& c : condition.all_of) {
      if (!Holds(c)) return false;
    }
    return true;
  }

  bool Holds(const ClauseAst& c) const {
    auto it = s_.slots.find(c.slot);
    const bool set = it != s_.slots.end() && !it->second.empty();
    const std::string value = set ? it->second : "";
    const std::string operand = c.values.empty() ? "" : c.values[0];
    double a = 0, b = 0;
    const bool numeric = ParseDouble(value, &a) && ParseDouble(operand, &b);
    switch (c.op) {
      case ConditionOp::kIsSet: return set;
      case ConditionOp::kIsUnset: return !set;
      case ConditionOp::kEq: return numeric ? a == b : value == operand;
      case ConditionOp::kNe: return numeric ? a != b : value != operand;
      case ConditionOp::kLt: return numeric && a < b;
      case ConditionOp::kLe: return numeric && a <= b;
      case ConditionOp::kGt: return numeric && a > b;
      case ConditionOp::kGe: return numeric && a >= b;
      case ConditionOp::kIn: return std::find(c.values.begin(), c.values.end(), value) != c.values.end();
    }
    return false;
  }

  void Wait(const CompiledStep& s) {
    if (!s_.waiting.empty() && s_.waiting.back() == s.name) return;
    s_.waiting.push_back(s.name);
    if (s_.waiting.size() > kMaxWaiting) s_.waiting.erase(s_.waiting.begin());
    s_.attempts = 0;
  }

  // The flow ran out of steps: an interrupted question, if any, is asked again.
  void EndFlow() {
    const CompiledStep* resumed = WaitingStep();
    if (resumed == nullptr) {
      s_.entry_text.clear();
      s_.prefilled.clear();
    } else {
      s_.current_flow = p_.flows[resumed->flow].id;
      Reprompt(*resumed);
    }
  }

  void Reprompt(const CompiledStep& s) {
    Reply reply;
    reply.text = Render(s.kind == StepKind::kAsk ? s.prompt : s.text);
    reply.buttons = ButtonsOf(s);
    if (s.kind == StepKind::kSay) {
      for (const CompiledText& q : s.quick_replies) reply.quick_replies.push_back(Render(q));
    }
    Emit(std::move(reply));
  }

  void Handoff(const std::string& reason, const std::string& department, int priority,
               const CompiledText& text) {
    Say(text.empty() ? std::string(SystemTextFor(SystemText::kOperatorWillAnswer, s_.language)) : Render(text));
    ClearWaiting();
    s_.handler = Handler::kQueued;
    s_.operator_id.clear();
    Event e;
    e.type = EventType::kHandedOff;
    e.at_ms = now_ms_;
    e.value = reason;
    e.attrs["priority"] = std::to_string(priority);
    if (!department.empty()) e.attrs["department"] = department;
    if (!s_.current_flow.empty()) e.attrs["flow"] = s_.current_flow;
    out_.events.push_back(std::move(e));
    out_.queue.kind = QueueChange::Kind::kEnqueue;
    out_.queue.priority = std::clamp(priority, -100, 100);
    out_.queue.department = department;
  }

  void Fallback() {
    out_.fallback = true;
    s_.misses = std::min(s_.misses + 1, 1'000'000);
    if (p_.fallback.empty()) return;
    size_t level = std::min<size_t>(s_.misses, p_.fallback.size()) - 1;
    const CompiledStep& s = p_.fallback[level];
    switch (s.kind) {
      case StepKind::kHandoff:
        s_.misses = 0;
        Handoff(s.reason.empty() ? "fallback" : s.reason, s.department, s.priority, s.text);
        return;
      case StepKind::kGoto:
        if (s.target != kNoStep) RunFrom(s.target);
        return;
      default: {
        Reply reply;
        reply.text = Render(s.text);
        reply.buttons = ButtonsOf(s);
        for (const CompiledText& q : s.quick_replies) reply.quick_replies.push_back(Render(q));
        Emit(std::move(reply));
      }
    }
  }

  // ---- output --------------------------------------------------------------

  std::vector<Button> ButtonsOf(const CompiledStep& s) const {
    std::vector<Button> out;
    for (const CompiledButton& b : s.buttons) {
      if (!b.url.empty()) {
        out.push_back(MakeButton(Render(b.label), ButtonAction::kLink, b.url));
      } else if (b.target != kNoStep) {
        out.push_back(MakeButton(Render(b.label), ButtonAction::kGoto, p_.steps[b.target].name));
      } else {
        out.push_back(MakeButton(Render(b.label), ButtonAction::kChoose, b.value));
      }
    }
    if (s.kind == StepKind::kAsk && s.buttons.empty()) {
      std::vector<CompiledOption> options = OptionsOf(s);
      size_t first = 0, last = options.size();
      if (!s.options_from.empty()) {
        const size_t page = static_cast<size_t>(s.max_buttons);
        first = std::min(options.size(), static_cast<size_t>(s_.options_page) * page);
        if (first >= options.size()) first = 0;  // past the end: start over
        last = std::min(options.size(), first + page);
      }
      for (size_t i = first; i < last; ++i) {
        const CompiledOption& o = options[i];
        out.push_back(MakeButton(o.label.empty() ? o.value : Render(o.label), ButtonAction::kChoose, o.value));
      }
      if (last < options.size() || (first > 0 && last == options.size())) {
        std::string more = s.more.empty() ? std::string(SystemTextFor(SystemText::kMore, s_.language)) : Render(s.more);
        out.push_back(MakeButton(more, ButtonAction::kMore, ""));
      }
    }
    return out;
  }

  void Say(std::string text) {
    Reply reply;
    reply.text = std::move(text);
    Emit(std::move(reply));
  }

  static Button MakeButton(std::string label, ButtonAction action, std::string target) {
    Button b;
    b.label = std::move(label);
    b.action = action;
    b.target = std::move(target);
    return b;
  }

  // The first reply of a turn replaces the buttons that can be pressed; each reply's
  // buttons get payloads naming this turn and their place, and become the numbered
  // ones.
  void Emit(Reply reply) {
    if (reply.text.empty() && reply.buttons.empty()) return;
    if (out_.replies.empty()) ForgetButtons();
    for (Button& b : reply.buttons) {
      if (b.action == ButtonAction::kLink) continue;
      b.payload = std::string(kPayloadPrefix) + std::to_string(s_.turns) + "." +
                  std::to_string(s_.last_buttons.size());
      s_.last_buttons.push_back(b);
    }
    s_.numbered_buttons = 0;
    for (const Button& b : reply.buttons) {
      if (b.action != ButtonAction::kLink) ++s_.numbered_buttons;
    }
    Deliver(std::move(reply));
  }

  // Logs `reply` as the bot's and puts it in the outbox, as it is.
  void Deliver(Reply reply) {
    Event e;
    e.type = EventType::kBotSaid;
    e.at_ms = now_ms_;
    e.text = reply.text;
    e.buttons = reply.buttons;
    out_.events.push_back(std::move(e));
    out_.replies.push_back(std::move(reply));
  }

  std::string Render(const CompiledText& text) const {
    const Template* t = Pick(text);
    if (t == nullptr) return "";
    return switchboard::Render(*t, [this](std::string_view slot) { return SlotValue(slot); });
  }

  std::optional<std::string> SlotValue(std::string_view slot) const {
    if (slot == "lang") return s_.language;
    auto it = s_.slots.find(std::string(slot));
    if (it == s_.slots.end()) return std::nullopt;
    return it->second;
  }

  std::string Render(const Template& t) const {
    return switchboard::Render(t, [this](std::string_view slot) { return SlotValue(slot); });
  }

  const Template* Pick(const CompiledText& text) const {
    for (const std::string& lang : {s_.language, std::string(), p_.bot.default_language}) {
      auto it = text.by_lang.find(lang);
      if (it != text.by_lang.end()) return &it->second;
    }
    return text.by_lang.empty() ? nullptr : &text.by_lang.begin()->second;
  }

  void SetSlot(const std::string& slot, const std::string& value) {
    if (slot == "lang") {
      if (!value.empty()) s_.language = value;
    } else if (value.empty()) {
      if (s_.slots.erase(slot) == 0) return;
    } else {
      auto [it, inserted] = s_.slots.try_emplace(slot, value);
      if (!inserted && it->second == value) return;
      it->second = value;
    }
    Event e;
    e.type = EventType::kSlotSet;
    e.at_ms = now_ms_;
    e.name = slot;
    e.value = value;
    out_.events.push_back(std::move(e));
  }

  bool HasSlot(const std::string& slot) const {
    auto it = s_.slots.find(slot);
    return it != s_.slots.end() && !it->second.empty();
  }

  void ForgetButtons() {
    s_.last_buttons.clear();
    s_.numbered_buttons = 0;
  }

  void ClearWaiting() {
    s_.waiting.clear();
    s_.attempts = 0;
    s_.entry_text.clear();
    s_.prefilled.clear();
  }

  void LogStep(const CompiledStep& s) {
    out_.steps.push_back(s.name);
    Event e;
    e.type = EventType::kStepEntered;
    e.at_ms = now_ms_;
    e.name = s.name;
    out_.events.push_back(std::move(e));
  }

  void LogReset(const char* why) {
    Event e;
    e.type = EventType::kSessionReset;
    e.at_ms = now_ms_;
    e.value = why;
    out_.events.push_back(std::move(e));
  }

  std::string FirstStepName(int flow) const {
    int step = p_.flows[flow].first_step;
    return step == kNoStep ? "" : p_.steps[step].name;
  }

  const FlowProgram& p_;
  SessionState& s_;
  const int64_t now_ms_;
  std::string session_id_;  // of the conversation this turn belongs to
  std::string origin_message_id_;  // the customer's message this turn answers
  TurnOutput out_;
  int last_flow_ = -1;  // the flow of the step run last, to log entering another
  int steps_run_ = 0;   // steps run this turn, across every RunFrom
};

}  // namespace

TurnOutput RunTurn(const FlowProgram& program, SessionState* state, const InboundMessage& message,
                   int64_t now_ms) {
  return TurnRunner(program, state, now_ms).Run(message);
}

std::optional<HttpCall> PendingCallRequest(const FlowProgram& program, const SessionState& state) {
  if (!state.pending) return std::nullopt;
  int step = program.FindStep(state.pending->step);
  if (step == kNoStep || program.steps[step].kind != StepKind::kHttp) return std::nullopt;
  auto slots = [&state](std::string_view slot) -> std::optional<std::string> {
    if (slot == "lang") return state.language;
    auto it = state.slots.find(std::string(slot));
    if (it == state.slots.end()) return std::nullopt;
    return it->second;
  };
  return BuildServiceCall(program, program.steps[step], slots, state.pending->idempotency_key);
}

TurnOutput RunUnreadTurn(const FlowProgram& program, SessionState* state, const InboundMessage& message,
                         int64_t now_ms) {
  return TurnRunner(program, state, now_ms).RunUnread(message);
}

int64_t PendingCallLeaseMs(const FlowProgram& program, const SessionState& state) {
  std::optional<HttpCall> call = PendingCallRequest(program, state);
  return call ? CallLeaseMs(*call) : kCallLeaseSlackMs;
}

TurnOutput ResumeAfterCall(const FlowProgram& program, SessionState* state, const std::string& session_id,
                           const HttpOutcome& outcome, int64_t now_ms) {
  return TurnRunner(program, state, now_ms).Resume(session_id, outcome);
}

Result<TurnOutput> RunOperatorAction(const FlowProgram& program, SessionState* state,
                                     const OperatorAction& action, int64_t now_ms) {
  return TurnRunner(program, state, now_ms).Operate(action);
}

}  // namespace switchboard
