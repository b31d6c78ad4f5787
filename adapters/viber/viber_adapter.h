// The Viber channel (REST Bot API): the webhook Viber calls and delivery of the
// bot's replies through send_message.
//
//   POST {webhook_path}  callbacks signed with X-Viber-Content-Signature (hex
//        HMAC-SHA256 of the raw body under the auth token, compared in constant
//        time) -> 200 once a message is committed, or at once for the other
//        events (the "webhook" check of set_webhook included); 403 for a missing
//        or wrong signature (nothing is read); 400 for a body that is not a
//        callback; 503 when the store is down (Viber retries; each message is
//        processed once, by its message_token).
//
// Keyboard buttons send their label back as text, which the engine reads as the
// press of that button; a user who unsubscribed (status 5 or 6) is recorded and
// not retried.
#pragma once

#include <memory>

#include "adapters/channel_adapter.h"
#include "adapters/viber/viber_options.h"

namespace switchboard::adapters {

// The channel is "viber"; replies go to the user's Viber id. InvalidArgument for
// a missing token, a sender name outside 1-28 characters, or a bad base URL.
Result<std::unique_ptr<ChannelAdapter>> NewViberAdapter(AdapterHost* host, ViberOptions options);

}  // namespace switchboard::adapters
