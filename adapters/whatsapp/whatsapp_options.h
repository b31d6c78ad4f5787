// What the WhatsApp adapter needs: the Cloud API's access token and phone number
// id, the app secret that signs webhooks (X-Hub-Signature-256), the verify token
// of the subscription handshake, and where the Graph API is.
#pragma once

#include <string>

namespace switchboard::adapters {

struct WhatsAppOptions {
  std::string access_token;     // a system user's token; required
  std::string app_secret;       // the Meta app's secret; required
  std::string verify_token;     // chosen when subscribing the webhook; required
  std::string phone_number_id;  // the business number replies are sent from; required
  std::string api_base = "https://graph.facebook.com/v23.0";  // + /<phone-number-id>/messages
  std::string webhook_path = "/hooks/whatsapp";
  std::string list_button = "Choose";  // the label of the button that opens a list (<= 20)
  int api_timeout_ms = 10000;
  // Free-form messages may be sent this long after the customer's last message
  // (the customer service window); later ones are not sent.
  int64_t window_ms = 24LL * 3600 * 1000;
};

}  // namespace switchboard::adapters
