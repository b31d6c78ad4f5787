// What the VK adapter needs: the community's access token, the Callback API
// server's confirmation string and secret key, the community id, and where the
// API is.
#pragma once

#include <string>

namespace switchboard::adapters {

struct VkOptions {
  std::string access_token;        // a community token with messages access; required
  std::string secret;              // the Callback API server's secret key; required
  std::string confirmation;        // the string VK expects to confirm the server; required
  std::string group_id;            // the community's id (digits); required
  std::string api_base = "https://api.vk.com/method";  // + /messages.send
  std::string api_version = "5.199";
  std::string webhook_path = "/hooks/vk";
  int api_timeout_ms = 10000;
};

}  // namespace switchboard::adapters
