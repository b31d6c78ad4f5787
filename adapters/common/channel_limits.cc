// The messengers' button limits, from each adapter's rendering rules (see channel_limits.h).
#include "adapters/common/channel_limits.h"

#include "adapters/telegram/telegram_outbound.h"
#include "adapters/viber/viber_outbound.h"
#include "adapters/vk/vk_outbound.h"
#include "adapters/whatsapp/whatsapp_outbound.h"

namespace switchboard::adapters {

std::optional<ButtonLimits> NativeButtonLimits(std::string_view channel) {
  if (channel == "telegram") return ButtonLimits{"Telegram", kTelegramMaxButtons, kTelegramMaxLabel, "an inline keyboard"};
  if (channel == "whatsapp") {
    return ButtonLimits{"WhatsApp", kWhatsAppMaxListRows, kWhatsAppMaxRowTitle,
                        "reply buttons (up to 3, labels up to 20 characters) or a list"};
  }
  if (channel == "viber") return ButtonLimits{"Viber", kViberMaxButtons, kViberMaxLabel, "a keyboard"};
  if (channel == "vk") return ButtonLimits{"VK", kVkMaxButtons, kVkMaxLabel, "an inline keyboard"};
  return std::nullopt;
}

}  // namespace switchboard::adapters
