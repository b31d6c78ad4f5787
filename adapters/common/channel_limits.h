// How many buttons, and how long their labels, each messenger can show natively;
// beyond these the adapters write the options out numbered. What `lint` and
// `serve --check` compare a bot's steps with for the channels it has enabled.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace switchboard::adapters {

struct ButtonLimits {
  std::string platform;   // as written to staff: "Telegram", "WhatsApp", ...
  size_t max_buttons = 0; // choices (not links) in one message
  size_t max_label = 0;   // characters of one label
  std::string shown_as;   // how the buttons appear within the limits
};

// The limits of a messenger channel ("telegram", "whatsapp", "viber", "vk");
// nullopt for channels without such limits (the web chat, the REST API).
std::optional<ButtonLimits> NativeButtonLimits(std::string_view channel);

}  // namespace switchboard::adapters
