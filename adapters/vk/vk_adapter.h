// The VK channel (Callback API for communities): the server address VK posts
// notifications to, and delivery of the bot's replies through messages.send.
//
//   POST {webhook_path}  a notification with the server's secret key in its
//        "secret" field (compared in constant time) -> 200 "ok" once a message is
//        committed or another notification acknowledged; the confirmation string
//        (plain text) for "confirmation"; 403 for a missing or wrong secret or
//        another community (nothing is processed); 400 for a body that is not a
//        notification; 503 when the store is down (VK retries; each message is
//        processed once, by the notification's event_id).
//
// Inline keyboard buttons carry our payload; a user who does not accept messages
// from the community (errors 901, 902) is recorded and not retried.
#pragma once

#include <memory>

#include "adapters/channel_adapter.h"
#include "adapters/vk/vk_options.h"

namespace switchboard::adapters {

// The channel is "vk"; replies go to the dialog's peer id. InvalidArgument for a
// missing token, secret, confirmation string or group id, or a bad base URL.
Result<std::unique_ptr<ChannelAdapter>> NewVkAdapter(AdapterHost* host, VkOptions options);

}  // namespace switchboard::adapters
