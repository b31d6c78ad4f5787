// Warnings for steps whose buttons a channel the bot has enabled cannot show
// natively (too many, or a label too long): there the customer gets numbered
// options instead. Run by `switchboard serve CONFIG --check` and by
// `switchboard lint DIR --channels telegram,whatsapp,...`.
#pragma once

#include <string>
#include <vector>

#include "flow/flow_ast.h"
#include "server/server_config.h"
#include "switchboard/diagnostic.h"

namespace switchboard::server {

// The messenger channels `channels` enables ("telegram", "whatsapp", ...).
std::vector<std::string> EnabledMessengers(const ChannelsConfig& channels);

// One warning (code "channel-limits", at the step or the label) per step and
// channel whose buttons exceed that channel's limits. Unknown channels are skipped.
std::vector<Diagnostic> CheckButtonLimits(const BotSources& bot, const std::vector<std::string>& channels);

}  // namespace switchboard::server
