// A reply of the bot as Bot API calls (sendMessage), and what Telegram's answer
// means for delivery. Telegram's limits: text 1-4096 characters (counted in UTF-16
// units here, as Telegram counts them), callback_data 1-64 bytes. The Bot API
// documents no cap on the number of buttons or on label length, so this adapter
// keeps to at most kTelegramMaxButtons buttons with labels of at most
// kTelegramMaxLabel characters; beyond that the options are written out numbered.
#pragma once

#include <string>
#include <vector>

#include "adapters/channel_adapter.h"
#include "adapters/common/messenger_api.h"
#include "switchboard/reply.h"

namespace switchboard::adapters {

inline constexpr size_t kTelegramMaxText = 4096;
inline constexpr size_t kTelegramMaxButtons = 100;
inline constexpr size_t kTelegramMaxLabel = 64;

struct TelegramCall {
  std::string method;  // "sendMessage"
  std::string body;    // JSON
};

// The calls that deliver `reply` to `chat_id`, in order: the text split at the
// limit, the keyboard on the last piece.
std::vector<TelegramCall> RenderTelegramReply(const Reply& reply, const std::string& chat_id);

// True when Telegram can show `buttons` natively (an inline keyboard).
bool TelegramShowsButtons(const std::vector<Button>& buttons);

// What an answer of the Bot API means: delivered (ok: true), retry (429 with
// parameters.retry_after, 5xx, no answer), or permanent (the user blocked the bot,
// a bad request, a bad token). `blocked` is set for a 403.
DeliveryOutcome TelegramOutcome(const ApiResponse& response, bool* blocked);

}  // namespace switchboard::adapters
