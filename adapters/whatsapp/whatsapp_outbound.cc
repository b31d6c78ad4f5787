// Rendering replies for the WhatsApp Cloud API (see whatsapp_outbound.h).
#include "adapters/whatsapp/whatsapp_outbound.h"

#include <nlohmann/json.hpp>

#include "adapters/common/outbound_text.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

json Envelope(const std::string& to) {
  return {{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"to", to}};
}

std::string TextMessage(const std::string& to, const std::string& text) {
  json m = Envelope(to);
  m["type"] = "text";
  m["text"] = {{"preview_url", false}, {"body", text}};
  return m.dump();
}

bool AllFit(const std::vector<Button>& buttons, size_t max_title, size_t max_id) {
  for (const Button& b : buttons) {
    if (b.label.empty() || TextLength(b.label, TextUnit::kCodePoints) > max_title) return false;
    if (b.payload.empty() || TextLength(b.payload, TextUnit::kCodePoints) > max_id) return false;
  }
  return true;
}

enum class Shape { kText, kButtons, kList };

}  // namespace

std::vector<std::string> RenderWhatsAppReply(const Reply& reply, const std::string& to,
                                             const std::string& list_button) {
  std::vector<Button> choices, links;
  for (const Button& b : reply.buttons) (b.action == ButtonAction::kLink ? links : choices).push_back(b);
  for (Button& b : QuickReplyButtons(reply.quick_replies, kWhatsAppMaxRowId)) choices.push_back(std::move(b));

  Shape shape = Shape::kText;
  if (!choices.empty() && choices.size() <= kWhatsAppMaxReplyButtons &&
      AllFit(choices, kWhatsAppMaxButtonTitle, 256)) {
    shape = Shape::kButtons;
  } else if (!choices.empty() && choices.size() <= kWhatsAppMaxListRows &&
             AllFit(choices, kWhatsAppMaxRowTitle, kWhatsAppMaxRowId)) {
    shape = Shape::kList;
  }
  std::string text = reply.text;
  if (shape == Shape::kText) {
    // Numbered as the engine numbers them; quick replies are typed by their text.
    text = WithQuickReplies(WithNumberedOptions(text, reply.buttons), reply.quick_replies);
  } else if (!links.empty()) {
    text = WithNumberedOptions(text, links);
  }

  std::vector<std::string> pieces = SplitText(text, kWhatsAppMaxText, TextUnit::kCodePoints);
  std::vector<std::string> out;
  if (shape == Shape::kText) {
    for (const std::string& p : pieces) out.push_back(TextMessage(to, p));
    return out;
  }
  // The buttons go with the last piece, which must fit an interactive body.
  std::string last = pieces.empty() ? "…" : pieces.back();
  if (!pieces.empty()) pieces.pop_back();
  std::vector<std::string> tail = SplitText(last, kWhatsAppMaxBody, TextUnit::kCodePoints);
  last = tail.back();
  tail.pop_back();
  for (const std::string& p : pieces) out.push_back(TextMessage(to, p));
  for (const std::string& p : tail) out.push_back(TextMessage(to, p));

  json interactive = {{"body", {{"text", last}}}};
  if (shape == Shape::kButtons) {
    json buttons = json::array();
    for (const Button& b : choices) {
      buttons.push_back({{"type", "reply"}, {"reply", {{"id", b.payload}, {"title", b.label}}}});
    }
    interactive["type"] = "button";
    interactive["action"] = {{"buttons", std::move(buttons)}};
  } else {
    json rows = json::array();
    for (const Button& b : choices) rows.push_back({{"id", b.payload}, {"title", b.label}});
    std::string opener = list_button;
    if (opener.empty() || TextLength(opener, TextUnit::kCodePoints) > kWhatsAppMaxButtonTitle) opener = "Choose";
    interactive["type"] = "list";
    interactive["action"] = {{"button", opener}, {"sections", json::array({{{"rows", std::move(rows)}}})}};
  }
  json m = Envelope(to);
  m["type"] = "interactive";
  m["interactive"] = std::move(interactive);
  out.push_back(m.dump());
  return out;
}

DeliveryOutcome WhatsAppOutcome(const ApiResponse& response, int* code) {
  *code = 0;
  if (response.status == 0) return DeliveryOutcome::Retry("whatsapp: no answer (" + response.error + ")");
  json doc = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (response.status / 100 == 2 && doc.is_object() && doc.contains("messages")) return DeliveryOutcome::Delivered();
  std::string message = "HTTP " + std::to_string(response.status);
  if (doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
    const json& error = doc["error"];
    if (error.contains("code") && error["code"].is_number_integer()) *code = error["code"].get<int>();
    if (error.contains("message") && error["message"].is_string()) message = error["message"].get<std::string>();
  }
  std::string why = "whatsapp " + std::to_string(response.status) + " code " + std::to_string(*code) + ": " + message;
  switch (*code) {
    case 4: case 80007: case 130429: case 131048: case 131056:
      return DeliveryOutcome::Retry(why);
    default:
      break;
  }
  if (response.status >= 500 || response.status == 429 || response.status / 100 == 2) return DeliveryOutcome::Retry(why);
  return DeliveryOutcome::Permanent(why);
}

}  // namespace switchboard::adapters
