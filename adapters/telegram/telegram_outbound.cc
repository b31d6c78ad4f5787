// Rendering replies for the Bot API (see telegram_outbound.h).
#include "adapters/telegram/telegram_outbound.h"

#include <nlohmann/json.hpp>

#include "adapters/common/outbound_text.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

// Labels this short sit three to a row; longer ones get a row each.
constexpr size_t kShortLabel = 14;
constexpr size_t kShortPerRow = 3;

json ChatId(const std::string& chat_id) {
  char* end = nullptr;
  long long n = std::strtoll(chat_id.c_str(), &end, 10);
  if (!chat_id.empty() && end == chat_id.c_str() + chat_id.size()) return n;
  return chat_id;
}

json InlineKeyboard(const std::vector<Button>& buttons) {
  bool all_short = true;
  for (const Button& b : buttons) all_short = all_short && TextLength(b.label, TextUnit::kCodePoints) <= kShortLabel;
  json rows = json::array();
  json row = json::array();
  for (const Button& b : buttons) {
    json button = {{"text", b.label}};
    if (b.action == ButtonAction::kLink) {
      button["url"] = b.target;
    } else {
      button["callback_data"] = b.payload;
    }
    row.push_back(std::move(button));
    if (!all_short || row.size() == kShortPerRow) {
      rows.push_back(std::move(row));
      row = json::array();
    }
  }
  if (!row.empty()) rows.push_back(std::move(row));
  return {{"inline_keyboard", std::move(rows)}};
}

}  // namespace

bool TelegramShowsButtons(const std::vector<Button>& buttons) {
  if (buttons.size() > kTelegramMaxButtons) return false;
  for (const Button& b : buttons) {
    if (b.label.empty() || TextLength(b.label, TextUnit::kCodePoints) > kTelegramMaxLabel) return false;
    if (b.action == ButtonAction::kLink ? b.target.empty()
                                        : b.payload.empty() || b.payload.size() > kMaxButtonPayloadBytes) {
      return false;
    }
  }
  return true;
}

std::vector<TelegramCall> RenderTelegramReply(const Reply& reply, const std::string& chat_id) {
  std::string text = reply.text;
  std::vector<Button> buttons;
  if (TelegramShowsButtons(reply.buttons)) {
    buttons = reply.buttons;
  } else {
    text = WithNumberedOptions(text, reply.buttons);  // numbered as the engine numbers them
  }
  std::vector<Button> quick = QuickReplyButtons(reply.quick_replies, kMaxButtonPayloadBytes);
  std::vector<Button> with_quick = buttons;
  with_quick.insert(with_quick.end(), quick.begin(), quick.end());
  if (TelegramShowsButtons(with_quick)) {
    buttons = std::move(with_quick);
  } else {
    text = WithQuickReplies(text, reply.quick_replies);
  }
  std::vector<std::string> pieces = SplitText(text, kTelegramMaxText, TextUnit::kUtf16);
  if (pieces.empty() && !buttons.empty()) pieces.push_back("…");  // a keyboard needs a text
  std::vector<TelegramCall> calls;
  for (size_t i = 0; i < pieces.size(); ++i) {
    json body = {{"chat_id", ChatId(chat_id)}, {"text", pieces[i]}};
    if (i + 1 == pieces.size() && !buttons.empty()) body["reply_markup"] = InlineKeyboard(buttons);
    calls.push_back({"sendMessage", body.dump()});
  }
  return calls;
}

DeliveryOutcome TelegramOutcome(const ApiResponse& response, bool* blocked) {
  *blocked = false;
  if (response.status == 0) return DeliveryOutcome::Retry("telegram: no answer (" + response.error + ")");
  json doc = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  const bool is_object = doc.is_object();
  if (response.status / 100 == 2 && is_object && doc.value("ok", false)) return DeliveryOutcome::Delivered();
  std::string description = is_object && doc.contains("description") && doc["description"].is_string()
                                ? doc["description"].get<std::string>()
                                : "HTTP " + std::to_string(response.status);
  std::string why = "telegram " + std::to_string(response.status) + ": " + description;
  if (response.status == 429) {
    int seconds = 1;
    if (is_object && doc.contains("parameters") && doc["parameters"].is_object() &&
        doc["parameters"].contains("retry_after") && doc["parameters"]["retry_after"].is_number_integer()) {
      seconds = std::max(1, doc["parameters"]["retry_after"].get<int>());
    }
    return DeliveryOutcome::Retry(why, seconds * 1000);
  }
  if (response.status >= 500 || response.status / 100 == 2) return DeliveryOutcome::Retry(why);
  if (response.status == 403) *blocked = true;
  return DeliveryOutcome::Permanent(why);
}

}  // namespace switchboard::adapters
