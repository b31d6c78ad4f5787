// The Telegram channel: the webhook Telegram posts Updates to (checked against the
// secret token given to setWebhook, in constant time, before the body is read),
// and delivery of the bot's replies through the Bot API's sendMessage.
//
//   POST {webhook_path}   an Update -> 200 {"ok":true} once the turn is committed
//                         (or the update is ignored: edits, groups, service
//                         messages); 401 without the right secret token; 400 for a
//                         body that is not an Update; 503 when the store is down
//                         (Telegram retries, and the retry is processed once).
//
// Conversations are the customer's (adapters/common/customer_sessions.h): a
// contact the user shares of themselves links their phone, so that they continue
// the same conversation from WhatsApp; a phone typed (or another's contact) asks
// that phone's owner first (adapters/common/phone_link_questions.h).
#pragma once

#include <memory>

#include "adapters/channel_adapter.h"
#include "adapters/telegram/telegram_options.h"

namespace switchboard::adapters {

// The channel is "telegram"; replies go to the chat id. InvalidArgument for a
// missing token or secret, a secret outside Telegram's charset, or a bad base URL.
Result<std::unique_ptr<ChannelAdapter>> NewTelegramAdapter(AdapterHost* host, TelegramOptions options);

}  // namespace switchboard::adapters
