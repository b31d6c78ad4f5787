// A reply of the bot as VK messages.send calls, and what VK's answer means.
// Limits (VK's documentation): an inline keyboard holds at most 10 buttons, 5 to a
// row and 6 rows, labels up to 40 characters and payloads up to 255; a message
// up to 4096 characters. Buttons are inline "text" buttons whose payload carries
// ours ({"p": ...}); links are "open_link" buttons; beyond the limits the options
// are written out numbered.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "adapters/channel_adapter.h"
#include "adapters/common/messenger_api.h"
#include "switchboard/reply.h"

namespace switchboard::adapters {

inline constexpr size_t kVkMaxText = 4096;
inline constexpr size_t kVkMaxButtons = 10;
inline constexpr size_t kVkMaxPerRow = 5;
inline constexpr size_t kVkMaxRows = 6;
inline constexpr size_t kVkMaxLabel = 40;
inline constexpr size_t kVkMaxPayload = 255;

using FormFields = std::vector<std::pair<std::string, std::string>>;

// The form fields of the messages.send calls that deliver `reply` to `peer_id`,
// in order (without access_token and v). Each call's random_id is derived from
// `delivery_id` and its place, so that VK drops a call sent twice.
std::vector<FormFields> RenderVkReply(const Reply& reply, const std::string& peer_id, const std::string& delivery_id);

// VK answers HTTP 200 with "response" or "error": error 6 (too many requests per
// second), 9 (flood control) and 10 (internal) are passing, as are non-200
// answers; the rest are permanent. *code is the error code (0 when none): 901 and
// 902 mean the user does not accept messages from the community.
DeliveryOutcome VkOutcome(const ApiResponse& response, int* code);

}  // namespace switchboard::adapters
