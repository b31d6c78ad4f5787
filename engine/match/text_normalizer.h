// Text in the form the matcher compares: UTF-8 decoding helpers, the word splitter
// and script detection behind NormalizeText and FoldCase (declared in matcher.h).
// Lower case (Unicode case folding, NFC), ё as е, everything that is not a letter,
// digit or combining mark becomes a word separator.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace switchboard::match {

// Appends the normalised words of `text` to *words (no empty words).
// Stateless; safe for concurrent use.
void NormalizeWords(std::string_view text, std::vector<std::string>* words);

// Decodes UTF-8 into code points; an invalid byte becomes U+FFFD.
std::u32string DecodeUtf8(std::string_view text);
// Appends the UTF-8 encoding of cp to *out.
void AppendUtf8(char32_t cp, std::string* out);
// Number of code points in a valid UTF-8 string.
size_t Utf8Length(std::string_view text);

enum class Script { kNone, kLatin, kCyrillic, kOther };
// Cyrillic if any letter is Cyrillic, else Latin if any is Latin, else Other if it has
// letters, else None (digits only, empty).
Script ScriptOf(std::string_view normalized_word);
// True when every character is an ASCII letter a..z.
bool IsAsciiLetters(std::string_view word);
// True when the word has at least one ASCII digit.
bool HasDigit(std::string_view word);

}  // namespace switchboard::match
