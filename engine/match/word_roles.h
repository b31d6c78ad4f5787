// What a message word says about the message's intent. Filler ("а", "the") and
// framing (greetings, thanks, politeness, "девушки") are neither evidence for nor
// against an answer; generic words ("сколько", "где", "how") are weak evidence that
// cannot carry a match alone; every other word is content: it either supports a
// trigger or, when the bot has never heard it, counts against every answer.
#pragma once

#include <string_view>

namespace switchboard::match {

enum class WordRole { kContent, kFiller, kFraming, kGeneric };

// The role of a normalised word on its own. Stateless; safe for concurrent use.
WordRole RoleOf(std::string_view normalized_word);

// True for a conjunction that begins another clause ("и", "а", "and", "also"): a
// message may ask a second question after it.
bool IsConjunction(std::string_view normalized_word);

// True when `first second` is a greeting of two words ("добрый день", "good
// morning"): `second` is framing there, though "день" alone is content.
bool IsFramingPair(std::string_view first, std::string_view second);
// The halves of IsFramingPair ("добрый", "день"), for callers that remember them per
// word: IsFramingPair(a, b) is IsGreetingHead(a) && IsGreetingTail(b).
bool IsGreetingHead(std::string_view normalized_word);
bool IsGreetingTail(std::string_view normalized_word);

}  // namespace switchboard::match
