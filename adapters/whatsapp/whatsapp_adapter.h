// The WhatsApp channel (Cloud API): the webhook Meta calls and delivery of the
// bot's replies through POST /<phone-number-id>/messages.
//
//   GET  {webhook_path}?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C
//        -> 200 with C as plain text when T is the verify token; 403 otherwise
//   POST {webhook_path}  events signed with X-Hub-Signature-256 (HMAC-SHA256 of the
//        raw body under the app secret, compared in constant time) -> 200 once
//        every message in it is committed; 401 for a missing or wrong signature
//        (nothing is read); 400 for a body that is not a WhatsApp webhook; 503
//        when the store is down (Meta retries; each message is processed once).
//
// The sender's number is verified by WhatsApp, so it links the customer's phone
// (adapters/common/customer_sessions.h): a customer who shared that number in
// Telegram continues the same conversation; a phone typed asks that phone's owner
// first (adapters/common/phone_link_questions.h). Replies are sent only within 24 hours
// of the customer's last message (the customer service window); one that is not
// is recorded in the log and in the conversation for operators.
#pragma once

#include <memory>

#include "adapters/channel_adapter.h"
#include "adapters/whatsapp/whatsapp_options.h"

namespace switchboard::adapters {

// The channel is "whatsapp"; replies go to the customer's WhatsApp id.
// InvalidArgument for a missing token, secret, verify token or phone number id, or
// a bad base URL.
Result<std::unique_ptr<ChannelAdapter>> NewWhatsAppAdapter(AdapterHost* host, WhatsAppOptions options);

}  // namespace switchboard::adapters
