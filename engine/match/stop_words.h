// Filler words ("а", "мне", "please", "the") that do not count as content: a phrase is
// scored on its other words, and they do not make a message look longer.
#pragma once

#include <string_view>

namespace switchboard::match {

// True for a normalised Russian or English filler word. Safe for concurrent use.
bool IsStopWord(std::string_view normalized_word);

}  // namespace switchboard::match
