// A reply of the bot as Viber send_message calls, and what Viber's answer means.
// Limits (Viber's documentation): text up to 7000 characters, a request up to
// 30 KB, a keyboard grid 6 columns wide. Buttons are "reply" keyboard buttons
// whose ActionBody is the label, so that a press comes back as the label's text
// (which the engine reads as pressing that button); links are "open-url" buttons.
// This adapter shows at most kViberMaxButtons with labels up to kViberMaxLabel
// characters; beyond that the options are written out numbered.
#pragma once

#include <string>
#include <vector>

#include "adapters/channel_adapter.h"
#include "adapters/common/messenger_api.h"
#include "switchboard/reply.h"

namespace switchboard::adapters {

inline constexpr size_t kViberMaxText = 7000;
inline constexpr size_t kViberMaxButtons = 24;  // 12 visible rows of two
inline constexpr size_t kViberMaxLabel = 250;

// The JSON bodies of send_message that deliver `reply` to `receiver`, in order.
std::vector<std::string> RenderViberReply(const Reply& reply, const std::string& receiver,
                                          const std::string& sender_name);

// Viber answers HTTP 200 with a "status": 0 delivered; 12 (too many requests) and
// non-200 answers are passing; the rest are permanent. *status is Viber's status
// (-1 when none): 5 and 6 mean the user is not (or no longer) subscribed: they
// blocked or left the bot.
DeliveryOutcome ViberOutcome(const ApiResponse& response, int* status);

}  // namespace switchboard::adapters
