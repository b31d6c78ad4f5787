// What the Viber adapter needs: the bot's auth token (it both authorises API calls
// in X-Viber-Auth-Token and signs webhooks in X-Viber-Content-Signature), the
// sender name shown with every message, and where the REST Bot API is.
#pragma once

#include <string>

namespace switchboard::adapters {

struct ViberOptions {
  std::string auth_token;                             // from the Viber admin panel; required
  std::string sender_name;                            // 1-28 characters; required
  std::string api_base = "https://chatapi.viber.com/pa";  // + /send_message
  std::string webhook_path = "/hooks/viber";          // the URL given to set_webhook
  int api_timeout_ms = 10000;
};

}  // namespace switchboard::adapters
