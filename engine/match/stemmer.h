// Word forms: Snowball stems ("стрижку", "стрижки" -> "стрижк"; "booking" -> "book")
// through libstemmer, Russian for Cyrillic words and English for Latin ones.
#pragma once

#include <string>
#include <string_view>

namespace switchboard::match {

// Stems one normalised word; words of other scripts, or with digits, come back as they
// are. Safe for concurrent use: each thread has its own pair of Snowball stemmers
// (an sb_stemmer is not thread-safe), created on first use.
std::string Stem(std::string_view word);

// Stems with the Russian algorithm regardless of script (for transliterated words).
std::string StemRussian(std::string_view word);

}  // namespace switchboard::match
