// Rendering replies for VK's messages.send (see vk_outbound.h).
#include "adapters/vk/vk_outbound.h"

#include <nlohmann/json.hpp>

#include "adapters/common/outbound_text.h"
#include "adapters/vk/vk_event.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

constexpr size_t kShortLabel = 12;

bool VkShows(const std::vector<Button>& buttons) {
  if (buttons.size() > kVkMaxButtons) return false;
  for (const Button& b : buttons) {
    if (b.label.empty() || TextLength(b.label, TextUnit::kCodePoints) > kVkMaxLabel) return false;
    if (b.action == ButtonAction::kLink ? b.target.empty()
                                        : TextLength(VkButtonPayload(b.payload), TextUnit::kCodePoints) > kVkMaxPayload) {
      return false;
    }
  }
  return true;
}

std::string Keyboard(const std::vector<Button>& buttons) {
  bool all_short = true;
  for (const Button& b : buttons) all_short = all_short && TextLength(b.label, TextUnit::kCodePoints) <= kShortLabel;
  size_t per_row = all_short ? 3 : 1;
  per_row = std::max(per_row, (buttons.size() + kVkMaxRows - 1) / kVkMaxRows);
  json rows = json::array(), row = json::array();
  for (const Button& b : buttons) {
    json action = b.action == ButtonAction::kLink
                      ? json{{"type", "open_link"}, {"link", b.target}, {"label", b.label}}
                      : json{{"type", "text"}, {"label", b.label}, {"payload", VkButtonPayload(b.payload)}};
    json button = {{"action", std::move(action)}};
    if (b.action != ButtonAction::kLink) button["color"] = "secondary";
    row.push_back(std::move(button));
    if (row.size() == per_row) {
      rows.push_back(std::move(row));
      row = json::array();
    }
  }
  if (!row.empty()) rows.push_back(std::move(row));
  return json{{"inline", true}, {"buttons", std::move(rows)}}.dump();
}

// A positive int32 from `key` (FNV-1a).
int32_t RandomId(const std::string& key) {
  uint32_t h = 2166136261u;
  for (unsigned char c : key) h = (h ^ c) * 16777619u;
  return static_cast<int32_t>(h & 0x7fffffff) | 1;
}

}  // namespace

std::vector<FormFields> RenderVkReply(const Reply& reply, const std::string& peer_id, const std::string& delivery_id) {
  std::string text = reply.text;
  std::vector<Button> buttons;
  if (VkShows(reply.buttons)) {
    buttons = reply.buttons;
  } else {
    text = WithNumberedOptions(text, reply.buttons);
  }
  std::vector<Button> with_quick = buttons;
  for (Button& b : QuickReplyButtons(reply.quick_replies, kVkMaxPayload)) with_quick.push_back(std::move(b));
  if (VkShows(with_quick)) {
    buttons = std::move(with_quick);
  } else {
    text = WithQuickReplies(text, reply.quick_replies);
  }
  std::vector<std::string> pieces = SplitText(text, kVkMaxText, TextUnit::kCodePoints);
  if (pieces.empty() && !buttons.empty()) pieces.push_back("…");
  std::vector<FormFields> out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    FormFields f = {{"peer_id", peer_id},
                    {"random_id", std::to_string(RandomId(delivery_id + "#" + std::to_string(i)))},
                    {"message", pieces[i]}};
    if (i + 1 == pieces.size() && !buttons.empty()) f.emplace_back("keyboard", Keyboard(buttons));
    out.push_back(std::move(f));
  }
  return out;
}

DeliveryOutcome VkOutcome(const ApiResponse& response, int* code) {
  *code = 0;
  if (response.status == 0) return DeliveryOutcome::Retry("vk: no answer (" + response.error + ")");
  if (response.status != 200) return DeliveryOutcome::Retry("vk: HTTP " + std::to_string(response.status));
  json doc = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object() && doc.contains("response")) return DeliveryOutcome::Delivered();
  if (!doc.is_object() || !doc.contains("error") || !doc["error"].is_object()) {
    return DeliveryOutcome::Retry("vk: an answer without response or error");
  }
  const json& error = doc["error"];
  if (error.contains("error_code") && error["error_code"].is_number_integer()) *code = error["error_code"].get<int>();
  std::string why = "vk error " + std::to_string(*code);
  if (error.contains("error_msg") && error["error_msg"].is_string()) why += ": " + error["error_msg"].get<std::string>();
  if (*code == 6) return DeliveryOutcome::Retry(why, 1000);
  if (*code == 9 || *code == 10) return DeliveryOutcome::Retry(why);
  return DeliveryOutcome::Permanent(why);
}

}  // namespace switchboard::adapters
