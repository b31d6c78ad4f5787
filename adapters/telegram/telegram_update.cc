// Reading Telegram's Update objects (see telegram_update.h). The only place that
// lets nlohmann::json see a Telegram webhook body; its exceptions stop here.
#include "adapters/telegram/telegram_update.h"

#include <nlohmann/json.hpp>

#include "adapters/common/json_fields.h"

namespace switchboard::adapters {
namespace {

using nlohmann::json;

std::string LanguageOf(const json& from) {
  std::string code = StringField(from, "language_code");
  if (code.starts_with("ru")) return "ru";
  if (code.starts_with("en")) return "en";
  return "";
}

// The kinds of content a message can hold instead of text, in the Bot API's names.
constexpr const char* kContentFields[] = {
    "sticker", "photo", "voice", "video", "video_note", "audio", "document", "animation",
    "location", "venue", "poll", "dice", "game", "story", "invoice"};

void ReadMessage(const json& message, TelegramUpdate* u) {
  const json& chat = message.contains("chat") && message["chat"].is_object() ? message["chat"] : json::object();
  const json& from = message.contains("from") && message["from"].is_object() ? message["from"] : json::object();
  u->chat_id = StringField(chat, "id");
  u->from_id = StringField(from, "id");
  u->language = LanguageOf(from);
  if (u->chat_id.empty() || u->from_id.empty()) {
    u->ignored = "message without chat or sender";
    return;
  }
  if (StringField(chat, "type") != "private") {
    u->ignored = "not a private chat";
    return;
  }
  if (from.value("is_bot", false)) {
    u->ignored = "from a bot";
    return;
  }
  if (auto it = message.find("text"); it != message.end() && it->is_string()) {
    u->kind = TelegramUpdate::Kind::kText;
    u->text = it->get<std::string>();
    return;
  }
  if (auto it = message.find("contact"); it != message.end() && it->is_object()) {
    u->kind = TelegramUpdate::Kind::kContact;
    u->contact_phone = StringField(*it, "phone_number");
    u->contact_is_sender = StringField(*it, "user_id") == u->from_id;
    u->text = u->contact_phone;
    if (u->contact_phone.empty()) {
      u->kind = TelegramUpdate::Kind::kUnsupported;
      u->content = "contact";
    }
    return;
  }
  u->kind = TelegramUpdate::Kind::kUnsupported;
  u->text = StringField(message, "caption");
  for (const char* field : kContentFields) {
    if (message.contains(field)) {
      u->content = field;
      return;
    }
  }
  // Service messages (a member joined, a pinned message, ...) are not the customer's words.
  u->kind = TelegramUpdate::Kind::kIgnored;
  u->ignored = "service message";
}

}  // namespace

Result<TelegramUpdate> ParseTelegramUpdate(std::string_view body) {
  json doc;
  try {
    doc = json::parse(body);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("the update is not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) return Status::InvalidArgument("the update must be a JSON object");
  auto id = doc.find("update_id");
  if (id == doc.end() || !id->is_number_integer()) {
    return Status::InvalidArgument("the update has no integer 'update_id'");
  }
  TelegramUpdate u;
  u.update_id = id->get<int64_t>();
  try {
    if (auto m = doc.find("message"); m != doc.end() && m->is_object()) {
      ReadMessage(*m, &u);
    } else if (auto q = doc.find("callback_query"); q != doc.end() && q->is_object()) {
      const json& from = q->contains("from") && (*q)["from"].is_object() ? (*q)["from"] : json::object();
      u.callback_id = StringField(*q, "id");
      u.from_id = StringField(from, "id");
      u.language = LanguageOf(from);
      u.callback_data = StringField(*q, "data");
      const json* message = q->contains("message") && (*q)["message"].is_object() ? &(*q)["message"] : nullptr;
      std::string chat_type = "private";
      if (message && (*message).contains("chat") && (*message)["chat"].is_object()) {
        u.chat_id = StringField((*message)["chat"], "id");
        chat_type = StringField((*message)["chat"], "type");
      }
      if (u.chat_id.empty()) u.chat_id = u.from_id;  // an inaccessible message: the user's own chat
      if (u.callback_id.empty() || u.from_id.empty()) {
        u.ignored = "callback query without id or sender";
      } else if (!chat_type.empty() && chat_type != "private") {
        u.ignored = "not a private chat";
      } else if (u.callback_data.empty()) {
        u.ignored = "callback query without data";
      } else {
        u.kind = TelegramUpdate::Kind::kButton;
      }
    } else {
      // edited_message, channel_post, my_chat_member, ...: the first key names it.
      u.ignored = "unhandled update";
      for (auto& [key, value] : doc.items()) {
        if (key != "update_id") {
          u.ignored = key;
          break;
        }
      }
    }
  } catch (const json::exception& e) {  // a field of an unexpected type
    return Status::InvalidArgument(std::string("the update has a malformed field: ") + e.what());
  }
  return u;
}

}  // namespace switchboard::adapters
