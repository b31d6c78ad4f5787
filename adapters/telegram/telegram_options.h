// What the Telegram adapter needs: the bot's token, the webhook's secret token
// (given to setWebhook as secret_token; Telegram sends it back in the
// X-Telegram-Bot-Api-Secret-Token header of every update) and where the Bot API is.
#pragma once

#include <string>

namespace switchboard::adapters {

struct TelegramOptions {
  std::string bot_token;                             // from @BotFather; required
  std::string secret_token;                          // 1-256 of A-Z a-z 0-9 _ -; required
  std::string api_base = "https://api.telegram.org"; // + /bot<token>/<method>
  std::string webhook_path = "/hooks/telegram";      // the URL given to setWebhook
  int api_timeout_ms = 10000;                        // per Bot API call
};

}  // namespace switchboard::adapters
