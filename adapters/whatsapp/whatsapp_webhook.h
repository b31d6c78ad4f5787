// A WhatsApp Cloud API webhook body read into what the adapter acts on: the
// customers' messages (text, reply-button and list choices, template button
// taps, shared contacts, other content) and the failed delivery statuses of our
// messages. Untrusted input; unknown fields and event types are skipped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/status.h"

namespace switchboard::adapters {

struct WhatsAppMessage {
  enum class Kind { kText, kButton, kContact, kUnsupported };
  Kind kind = Kind::kText;
  std::string id;         // wamid: the dedupe key
  std::string from;       // the customer's WhatsApp id (their phone's digits)
  std::string text;       // text, a button's title, a caption or a contact's phone
  std::string payload;    // kButton: the id we gave the button or row
  std::string content;    // kUnsupported: the message type ("image", "sticker", ...)
  int64_t timestamp_s = 0;  // when it was sent (Unix seconds); 0 when missing
};

struct WhatsAppFailure {
  std::string message_id;  // the wamid of our message
  std::string recipient;
  int code = 0;            // 131047: outside the 24-hour window; 131026: undeliverable
  std::string title;
};

struct WhatsAppWebhook {
  std::vector<WhatsAppMessage> messages;
  std::vector<WhatsAppFailure> failures;
  size_t skipped = 0;  // other numbers' events, other fields, statuses that are not failures
};

// Reads a webhook body for the number `phone_number_id`. InvalidArgument for a
// body that is not a JSON object of "object": "whatsapp_business_account".
Result<WhatsAppWebhook> ParseWhatsAppWebhook(std::string_view body, std::string_view phone_number_id);

}  // namespace switchboard::adapters
