// Rendering replies for the Viber REST Bot API (see viber_outbound.h).
#include "adapters/viber/viber_outbound.h"

#include <nlohmann/json.hpp>

#include "adapters/common/outbound_text.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

constexpr size_t kShortLabel = 16;  // two to a row; longer ones take the row

bool ViberShows(const std::vector<Button>& buttons) {
  if (buttons.size() > kViberMaxButtons) return false;
  for (const Button& b : buttons) {
    if (b.label.empty() || TextLength(b.label, TextUnit::kCodePoints) > kViberMaxLabel) return false;
    if (b.action == ButtonAction::kLink && b.target.empty()) return false;
  }
  return true;
}

json Keyboard(const std::vector<Button>& buttons) {
  bool all_short = true;
  for (const Button& b : buttons) all_short = all_short && TextLength(b.label, TextUnit::kCodePoints) <= kShortLabel;
  json list = json::array();
  for (const Button& b : buttons) {
    const bool link = b.action == ButtonAction::kLink;
    list.push_back({{"Columns", all_short ? 3 : 6},
                    {"Rows", 1},
                    {"ActionType", link ? "open-url" : "reply"},
                    {"ActionBody", link ? b.target : b.label},
                    {"Text", b.label}});
  }
  return {{"Type", "keyboard"}, {"DefaultHeight", false}, {"Buttons", std::move(list)}};
}

}  // namespace

std::vector<std::string> RenderViberReply(const Reply& reply, const std::string& receiver,
                                          const std::string& sender_name) {
  std::string text = reply.text;
  std::vector<Button> buttons;
  if (ViberShows(reply.buttons)) {
    buttons = reply.buttons;
  } else {
    text = WithNumberedOptions(text, reply.buttons);
  }
  std::vector<Button> with_quick = buttons;
  for (const std::string& q : reply.quick_replies) {
    if (!q.empty()) with_quick.push_back({q, "", ButtonAction::kGoto, ""});
  }
  if (ViberShows(with_quick)) {
    buttons = std::move(with_quick);
  } else {
    text = WithQuickReplies(text, reply.quick_replies);
  }
  std::vector<std::string> pieces = SplitText(text, kViberMaxText, TextUnit::kCodePoints);
  if (pieces.empty() && !buttons.empty()) pieces.push_back("…");
  std::vector<std::string> out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    json m = {{"receiver", receiver}, {"min_api_version", 1}, {"sender", {{"name", sender_name}}},
              {"type", "text"}, {"text", pieces[i]}};
    if (i + 1 == pieces.size() && !buttons.empty()) m["keyboard"] = Keyboard(buttons);
    out.push_back(m.dump());
  }
  return out;
}

DeliveryOutcome ViberOutcome(const ApiResponse& response, int* status) {
  *status = -1;
  if (response.status == 0) return DeliveryOutcome::Retry("viber: no answer (" + response.error + ")");
  if (response.status != 200) return DeliveryOutcome::Retry("viber: HTTP " + std::to_string(response.status));
  json doc = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("status") || !doc["status"].is_number_integer()) {
    return DeliveryOutcome::Retry("viber: an answer without a status");
  }
  *status = doc["status"].get<int>();
  if (*status == 0) return DeliveryOutcome::Delivered();
  std::string why = "viber status " + std::to_string(*status);
  if (doc.contains("status_message") && doc["status_message"].is_string()) {
    why += ": " + doc["status_message"].get<std::string>();
  }
  if (*status == 12) return DeliveryOutcome::Retry(why);
  return DeliveryOutcome::Permanent(why);
}

}  // namespace switchboard::adapters
