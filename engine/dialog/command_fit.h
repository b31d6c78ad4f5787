// Whether a message that matched a global command really is that command. Commands
// act at every step and throw away what a form collected, so they are matched far
// more strictly than intents: the message must be the command (its words, give or
// take filler words and one more word after a command phrase), spelled out rather
// than reached through a word form or a typo. "меня зовут Анна" is not «меню»,
// "две недели назад заказала" is not «назад», "stop by tomorrow?" is not "stop".
#pragma once

#include <string_view>

#include "match/matcher.h"

namespace switchboard {

bool CommandFits(const MatchCandidate& command, std::string_view message);

// Removes from `match` the commands that `message` is not (the runtime and `explain`
// both read a message this way).
void DropUnfitCommands(MatchResult* match, std::string_view message);

}  // namespace switchboard
