// A Telegram webhook body (an Update, https://core.telegram.org/bots/api#update)
// read into what the adapter acts on. Untrusted input: any JSON may come; what the
// bot does not handle (edits, channel posts, group chats, service messages) is
// classified as ignored, never as an error that makes Telegram retry it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "switchboard/status.h"

namespace switchboard::adapters {

struct TelegramUpdate {
  enum class Kind {
    kText,         // text (a "/start" command included)
    kButton,       // a callback query: an inline keyboard button
    kContact,      // a shared contact
    kUnsupported,  // a sticker, photo, voice message, location, ...: `content` names it
    kIgnored,      // acknowledged and dropped: `ignored` says why
  };
  Kind kind = Kind::kIgnored;
  int64_t update_id = 0;
  std::string chat_id;          // where replies go (a private chat's id is the user's)
  std::string from_id;          // the user
  std::string language;         // "ru", "en", or "" for others
  std::string text;             // text, a caption, or the contact's phone
  std::string callback_id;      // kButton: to answer with answerCallbackQuery
  std::string callback_data;    // kButton
  std::string contact_phone;    // kContact
  bool contact_is_sender = false;  // kContact: the user shared their own number
  std::string content;          // kUnsupported
  std::string ignored;          // kIgnored: "edited_message", "group chat", ...
};

// Reads an Update. InvalidArgument (with the reason) for a body that is not a JSON
// object with an integer update_id; anything else is read or classified.
Result<TelegramUpdate> ParseTelegramUpdate(std::string_view body);

}  // namespace switchboard::adapters
