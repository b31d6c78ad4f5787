// The JSON form of events: what Redis stores and what the transcript API returns.
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
    {EventType::kServiceCalled, "service_called"},
};

}  // namespace

std::string_view EventTypeName(EventType type) {
  for (const auto& [t, name] : kEventNames) {
    if (t == type) return name;
  }
  return "unknown";
}

bool ParseEventType(std::string_view name, EventType* type) {
  for (const auto& [t, n] : kEventNames) {
    if (n == name) {
      *type = t;
      return true;
    }
  }
  return false;
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
    for (const Button& b : event.buttons) buttons.push_back({{"label", b.label}, {"payload", b.payload}});
  }
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
    event.at_ms = j.value("at", int64_t{0});
    event.text = j.value("text", std::string());
    event.name = j.value("name", std::string());
    event.value = j.value("value", std::string());
    if (auto it = j.find("buttons"); it != j.end()) {
      for (const auto& b : *it) {
        event.buttons.push_back({b.at("label").get<std::string>(), b.at("payload").get<std::string>()});
      }
    }
    if (auto it = j.find("attrs"); it != j.end()) {
      event.attrs = it->get<std::map<std::string, std::string>>();
    }
    return event;
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("bad event JSON: ") + e.what());
  }
}

}  // namespace switchboard
