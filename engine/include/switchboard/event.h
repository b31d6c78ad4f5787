// The events a conversation is made of. A conversation's history is an append-only
// log of these; the transcript an operator reads is that log, and the session state
// is a fold over it (kept as a snapshot beside the log). Each type has a stable wire
// name used in JSON and in Redis.
#pragma once

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
  kOperatorSaid,   // text; name: operator id
  kHandedBack,     // name: operator id
  kSessionReset,   // a cancel or restart cleared the conversation's flow state
  kServiceCalled,  // name: service; value: outcome (HTTP status, "timeout", ...);
                   // attrs: method, path, attempts, ms
};

// "user_said", "bot_said", ...
std::string_view EventTypeName(EventType type);
// Inverse of EventTypeName; false for an unknown name.
bool ParseEventType(std::string_view name, EventType* type);

struct Button {
  std::string label;    // what the customer sees
  std::string payload;  // what comes back when it is pressed
  bool operator==(const Button&) const = default;
};

struct Event {
  EventType type = EventType::kUserSaid;
  int64_t at_ms = 0;  // wall-clock milliseconds since the Unix epoch
  std::string text;
  std::string name;
  std::string value;
  std::vector<Button> buttons;
  std::map<std::string, std::string> attrs;
  bool operator==(const Event&) const = default;
};

// One JSON object per event: {"type":"bot_said","at":1700000000000,"text":...}.
// Empty fields are left out.
std::string EventToJson(const Event& event);
Result<Event> EventFromJson(std::string_view json);

}  // namespace switchboard
