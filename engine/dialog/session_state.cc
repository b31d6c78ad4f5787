// JSON form of the session snapshot. Unknown keys are ignored so that an older
// engine can read a newer snapshot during a rolling upgrade.
#include "dialog/session_state.h"

#include <nlohmann/json.hpp>

namespace switchboard {

std::string SessionStateToJson(const SessionState& s) {
  nlohmann::json j;
  if (!s.language.empty()) j["lang"] = s.language;
  if (!s.slots.empty()) j["slots"] = s.slots;
  if (!s.waiting.empty()) j["waiting"] = s.waiting;
  if (s.attempts) j["attempts"] = s.attempts;
  if (s.misses) j["misses"] = s.misses;
  if (s.options_page) j["page"] = s.options_page;
  if (!s.answered.empty()) j["answered"] = s.answered;
  if (!s.last_buttons.empty()) {
    auto& b = j["buttons"] = nlohmann::json::array();
    for (const Button& button : s.last_buttons) b.push_back({button.label, button.payload});
  }
  if (s.with_operator) j["operator"] = true;
  j["turns"] = s.turns;
  if (!s.current_flow.empty()) j["flow"] = s.current_flow;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<SessionState> SessionStateFromJson(std::string_view json) {
  SessionState s;
  if (json.empty()) return s;
  try {
    nlohmann::json j = nlohmann::json::parse(json);
    s.language = j.value("lang", std::string());
    if (auto it = j.find("slots"); it != j.end()) s.slots = it->get<std::map<std::string, std::string>>();
    if (auto it = j.find("waiting"); it != j.end()) s.waiting = it->get<std::vector<std::string>>();
    s.attempts = j.value("attempts", 0);
    s.misses = j.value("misses", 0);
    s.options_page = j.value("page", 0);
    if (auto it = j.find("answered"); it != j.end()) s.answered = it->get<std::vector<std::string>>();
    if (auto it = j.find("buttons"); it != j.end()) {
      for (const auto& b : *it) s.last_buttons.push_back({b.at(0).get<std::string>(), b.at(1).get<std::string>()});
    }
    s.with_operator = j.value("operator", false);
    s.turns = j.value("turns", int64_t{0});
    s.current_flow = j.value("flow", std::string());
    return s;
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("bad session snapshot: ") + e.what());
  }
}

}  // namespace switchboard
