// The JSON form of events: what Redis stores and what the transcript API returns.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "switchboard/event.h"

namespace switchboard {
namespace {

constexpr std::pair<EventType, std::string_view> kEventNames[] = {
    {EventType::kUserSaid, "user_said"},       {EventType::kButtonPressed, "button_pressed"},
    {EventType::kBotSaid, "bot_said"},         {EventType::kSlotSet, "slot_set"},
    {EventType::kFlowEntered, "flow_entered"}, {EventType::kStepEntered, "step_entered"},
    {EventType::kHandedOff, "handed_off"},     {EventType::kOperatorSaid, "operator_said"},
    {EventType::kHandedBack, "handed_back"},   {EventType::kSessionReset, "session_reset"},
    {EventType::kServiceCalled, "service_called"}, {EventType::kOperatorTook, "operator_took"},
    {EventType::kOperatorNote, "operator_note"},     {EventType::kTransferred, "transferred"},
    {EventType::kServicePending, "service_pending"}, {EventType::kUnreadable, "unreadable"},
};

constexpr std::pair<ButtonAction, std::string_view> kButtonActionNames[] = {
    {ButtonAction::kGoto, "goto"}, {ButtonAction::kChoose, "choose"}, {ButtonAction::kLink, "link"},
    {ButtonAction::kMore, "more"}, {ButtonAction::kCommand, "command"},
};

template <typename Enum, size_t N>
bool ParseName(const std::pair<Enum, std::string_view> (&names)[N], std::string_view name, Enum* out) {
  for (const auto& [value, n] : names) {
    if (n == name) {
      *out = value;
      return true;
    }
  }
  return false;
}

template <typename Enum, size_t N>
std::string_view NameOf(const std::pair<Enum, std::string_view> (&names)[N], Enum value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "unknown";
}

}  // namespace

std::string_view EventTypeName(EventType type) { return NameOf(kEventNames, type); }
bool ParseEventType(std::string_view name, EventType* type) { return ParseName(kEventNames, name, type); }
std::string_view ButtonActionName(ButtonAction action) { return NameOf(kButtonActionNames, action); }
bool ParseButtonAction(std::string_view name, ButtonAction* action) {
  return ParseName(kButtonActionNames, name, action);
}

std::string EventToJson(const Event& event) {
  nlohmann::json j;
  j["type"] = EventTypeName(event.type);
  j["at"] = event.at_ms;
  if (!event.text.empty()) j["text"] = event.text;
  if (!event.name.empty()) j["name"] = event.name;
  if (!event.value.empty()) j["value"] = event.value;
  if (!event.buttons.empty()) {
    auto& buttons = j["buttons"] = nlohmann::json::array();
    for (const Button& b : event.buttons) {
      nlohmann::json button = {{"label", b.label}, {"action", ButtonActionName(b.action)}};
      if (!b.payload.empty()) button["payload"] = b.payload;
      if (!b.target.empty()) button["target"] = b.target;
      buttons.push_back(std::move(button));
    }
  }
  if (!event.quick_replies.empty()) j["quick_replies"] = event.quick_replies;
  if (!event.attrs.empty()) j["attrs"] = event.attrs;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Event> EventFromJson(std::string_view json) {
  try {
    nlohmann::json j = nlohmann::json::parse(json);
    Event event;
    if (!ParseEventType(j.at("type").get<std::string>(), &event.type)) {
      return Status::InvalidArgument("unknown event type " + j.at("type").dump());
    }
    if (auto at = j.find("at"); at != j.end()) {
      // Whole milliseconds within int64 only: converting a float or a larger number
      // (a corrupt entry) would be undefined behaviour, not an error.
      if (!at->is_number_integer() ||
          (at->is_number_unsigned() && at->get<uint64_t>() > uint64_t{INT64_MAX})) {
        return Status::InvalidArgument("bad event time " + at->dump().substr(0, 40));
      }
      event.at_ms = at->get<int64_t>();
    }
    event.text = j.value("text", std::string());
    event.name = j.value("name", std::string());
    event.value = j.value("value", std::string());
    if (auto it = j.find("buttons"); it != j.end()) {
      for (const auto& b : *it) {
        Button button;
        button.label = b.at("label").get<std::string>();
        button.payload = b.value("payload", std::string());
        button.target = b.value("target", std::string());
        if (!ParseButtonAction(b.value("action", std::string("goto")), &button.action)) {
          return Status::InvalidArgument("unknown button action " + b.at("action").dump());
        }
        event.buttons.push_back(std::move(button));
      }
    }
    event.quick_replies = j.value("quick_replies", std::vector<std::string>());
    if (auto it = j.find("attrs"); it != j.end()) {
      event.attrs = it->get<std::map<std::string, std::string>>();
    }
    return event;
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("bad event JSON: ") + e.what());
  }
}

Event EventFromJsonOrPlaceholder(std::string_view json) {
  Result<Event> event = EventFromJson(json);
  if (event.ok()) return std::move(event).value();
  Event placeholder;
  placeholder.type = EventType::kUnreadable;
  placeholder.value = event.status().message().substr(0, 200);
  return placeholder;
}

}  // namespace switchboard
