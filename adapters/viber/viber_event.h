// A Viber REST Bot API callback read into what the adapter acts on. Untrusted
// input: every event other than a user's message (webhook, subscribed,
// conversation_started, delivered, seen, ...) is acknowledged; a `failed` event
// is reported for operators. message_token exceeds 2^53 and is kept exactly.
#pragma once

#include <string>
#include <string_view>

#include "switchboard/status.h"

namespace switchboard::adapters {

struct ViberEvent {
  enum class Kind {
    kText,         // text, or a keyboard button's ActionBody
    kContact,      // a shared contact: contact.phone_number
    kUnsupported,  // picture, sticker, location, ...: `content`
    kFailed,       // our message could not be delivered: user_id, `detail`
    kIgnored,      // webhook (the set_webhook check), subscribed, seen, ...: `ignored`
  };
  Kind kind = Kind::kIgnored;
  std::string event;          // the callback's "event"
  std::string message_token;  // decimal, exact
  std::string user_id;        // sender.id, or user_id
  std::string language;       // "ru", "en" or ""
  std::string text;
  std::string content;
  std::string detail;
  std::string ignored;
};

// InvalidArgument for a body that is not a JSON object with an "event".
Result<ViberEvent> ParseViberEvent(std::string_view body);

}  // namespace switchboard::adapters
