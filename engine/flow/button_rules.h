// What a button may say and where a link button may lead. Labels must fit the
// messengers the bot talks through (limits in the channel notes: WhatsApp and
// Messenger show 20 characters, VK 40); links may only open web pages, Telegram
// links, mail, or a phone call, never script or local-file URLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace switchboard {

// Labels longer than this fit no messenger's button (VK: 40). WhatsApp and
// Messenger cut labels after 20, but that is not made a finding: the salon's
// price buttons run to about 30 characters and read well cut.
constexpr size_t kLabelMaxChars = 40;

// The problem with a button label, if any: empty or blank, longer than
// kLabelMaxChars characters, or holding control characters. Labels with templates
// ({{slot}}) are measured without the templates.
std::optional<std::string> CheckLabel(std::string_view label);

// The problem with a `url:` button's link, if any: a scheme other than http,
// https, tg, mailto and tel, no scheme, no host for http(s), or spaces and
// control characters.
std::optional<std::string> CheckButtonUrl(std::string_view url);

}  // namespace switchboard
