// The events a conversation is made of. A conversation's history is an append-only
// log of these; the transcript an operator reads is that log, and the session state
// is a fold over it (kept as a snapshot beside the log). Each type has a stable wire
// name used in JSON and in Redis.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/status.h"

namespace switchboard {

enum class EventType {
  kUserSaid,       // text: what the customer wrote; attrs: message_id, channel
  kButtonPressed,  // text: the button's label; value: its payload
  kBotSaid,        // text, buttons
  kSlotSet,        // name: slot; value: its new value (empty value = cleared)
  kFlowEntered,    // name: flow id
  kStepEntered,    // name: "flow.step"
  kHandedOff,      // value: reason; attrs: priority, department, queue
  kOperatorSaid,   // text; name: operator id; delivered to the customer
  kHandedBack,     // name: operator id; value: the step the bot resumes at ("" = menu)
  kSessionReset,   // value: why ("cancel", "start", "unreadable_state", ...)
  kServiceCalled,  // name: service; value: outcome (HTTP status, "timeout", ...);
                   // attrs: method, path, attempts, step
  kOperatorTook,   // name: operator id: the chat is now theirs
  kOperatorNote,   // text; name: operator id; internal, never shown to the customer
  kTransferred,    // name: operator id (from); attrs: to_operator, department, note
  kServicePending, // name: service; value: step; attrs: key (the idempotency key).
                   // The call is made after this commit; kServiceCalled follows.
  kUnreadable,     // a stored event that does not decode; value: why. Readers get
                   // this in its place, so one bad entry never hides a transcript.
};

// "user_said", "bot_said", ...
std::string_view EventTypeName(EventType type);
// Inverse of EventTypeName; false for an unknown name.
bool ParseEventType(std::string_view name, EventType* type);

// What pressing a button does.
enum class ButtonAction : uint8_t {
  kGoto,     // target: a step ("flow.step")
  kChoose,   // target: an option's value for the question being asked
  kLink,     // target: a URL the messenger opens; nothing comes back
  kMore,     // shows the next page of a long option list
  kCommand,  // target: a global command ("start", "menu", "cancel", "back", "operator")
};

// The longest payload a button carries: Telegram's callback_data limit (64 bytes)
// is the tightest of the supported messengers.
inline constexpr size_t kMaxButtonPayloadBytes = 64;

// One button as shown to a customer. The payload is an opaque token that comes
// back when the button is pressed; the engine honours it only while the button is
// among those the conversation was shown last (see InboundMessage::button_payload).
// Links have no payload.
struct Button {
  std::string label;    // what the customer sees
  std::string payload;  // at most kMaxButtonPayloadBytes; empty for links
  ButtonAction action = ButtonAction::kGoto;
  std::string target;   // the step, the option value, the URL or the command
  bool operator==(const Button&) const = default;
};

// "goto", "choose", "link", "more", "command"
std::string_view ButtonActionName(ButtonAction action);
bool ParseButtonAction(std::string_view name, ButtonAction* action);

struct Event {
  EventType type = EventType::kUserSaid;
  int64_t at_ms = 0;  // wall-clock milliseconds since the Unix epoch
  std::string text;
  std::string name;
  std::string value;
  std::vector<Button> buttons;
  std::vector<std::string> quick_replies;  // kBotSaid
  std::map<std::string, std::string> attrs;
  bool operator==(const Event&) const = default;
};

// One JSON object per event: {"type":"bot_said","at":1700000000000,"text":...}.
// Empty fields are left out.
std::string EventToJson(const Event& event);
Result<Event> EventFromJson(std::string_view json);
// EventFromJson, or a kUnreadable event saying why it failed.
Event EventFromJsonOrPlaceholder(std::string_view json);

}  // namespace switchboard
