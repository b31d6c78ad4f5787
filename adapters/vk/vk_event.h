// A VK Callback API notification read into what the adapter acts on. The secret
// key travels inside the JSON body, so the body is parsed before it can be
// checked; nothing else is read from a body whose secret is wrong. Untrusted
// input: notifications the bot does not handle are acknowledged.
#pragma once

#include <string>
#include <string_view>

#include "switchboard/status.h"

namespace switchboard::adapters {

struct VkEvent {
  enum class Kind {
    kConfirmation,  // answer with the confirmation string
    kText,          // message_new with text (a text button's press carries `payload`)
    kUnsupported,   // message_new with attachments or a location only: `content`
    kIgnored,       // message_reply, message_edit, group chats, ...: `ignored`
  };
  Kind kind = Kind::kIgnored;
  std::string secret;       // as sent
  std::string group_id;
  std::string event_id;     // the envelope's: the dedupe key
  std::string from_id;      // the author
  std::string peer_id;      // where to answer
  std::string text;
  std::string payload;      // our button payload (from {"p": ...}), or ""
  std::string content;
  std::string ignored;
};

// InvalidArgument for a body that is not a JSON object with a "type".
Result<VkEvent> ParseVkEvent(std::string_view body);

// The payload string VK carries for a button with our payload: {"p":"<payload>"}.
std::string VkButtonPayload(const std::string& payload);

}  // namespace switchboard::adapters
