// A reply of the bot as WhatsApp Cloud API messages, and what the API's answer
// means for delivery. Limits (Meta's documentation): text 4096 characters; an
// interactive message's body 1024; reply buttons 1-3 with titles up to 20
// characters and ids up to 256; a list up to 10 rows with titles up to 24 and ids
// up to 200, opened by a button labelled up to 20. Buttons beyond those limits are
// written out as numbered options; links are written into the text.
#pragma once

#include <string>
#include <vector>

#include "adapters/channel_adapter.h"
#include "adapters/common/messenger_api.h"
#include "switchboard/reply.h"

namespace switchboard::adapters {

inline constexpr size_t kWhatsAppMaxText = 4096;
inline constexpr size_t kWhatsAppMaxBody = 1024;
inline constexpr size_t kWhatsAppMaxReplyButtons = 3;
inline constexpr size_t kWhatsAppMaxButtonTitle = 20;
inline constexpr size_t kWhatsAppMaxListRows = 10;
inline constexpr size_t kWhatsAppMaxRowTitle = 24;
inline constexpr size_t kWhatsAppMaxRowId = 200;

// The JSON bodies of POST /<phone-number-id>/messages that deliver `reply` to `to`,
// in order. `list_button` labels the button that opens a list.
std::vector<std::string> RenderWhatsAppReply(const Reply& reply, const std::string& to,
                                             const std::string& list_button);

// What an answer of the Graph API means. Throttling (130429, 131056, 131048, 80007,
// 4), 5xx and no answer are passing; the rest are permanent. *code is the error
// code (0 when none): 131047 is the closed 24-hour window, 131026 a customer the
// message cannot reach (blocked the business, or no WhatsApp).
DeliveryOutcome WhatsAppOutcome(const ApiResponse& response, int* code);

}  // namespace switchboard::adapters
