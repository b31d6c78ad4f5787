// The longest run of literal text that every match of a regex trigger must contain,
// read conservatively from the pattern's source: a message (case-folded) without it
// cannot match, so the pattern need not run. Patterns this reader is unsure of
// (top-level alternation, flags, quoting, unusual escapes) have none.
#pragma once

#include <string>
#include <string_view>

namespace switchboard::match {

struct RequiredLiteral {
  // Lower-cased as FoldCase would, made of ASCII and basic Cyrillic (А..я) letters
  // and punctuation only; "" when none can be found with certainty.
  std::string text;
  // Every match begins with `text` (the pattern starts with it), so the pattern
  // need only be tried where `text` occurs.
  bool leads = false;
};

// The required literal of `pattern` (a pattern RE2 accepts, ё already written as е):
// the run the pattern starts with when it has at least `min_length` bytes,
// otherwise the longest.
RequiredLiteral FindRequiredLiteral(std::string_view pattern, size_t min_length);

// True when `folded` holds a character that RE2's case-insensitive matching takes
// for an ASCII or basic Cyrillic letter though FoldCase left it as written (the
// Kelvin sign, long s, the old Cyrillic letter forms U+1C80..U+1C88): a required
// literal's absence then proves nothing.
bool HasOddCaseVariant(std::string_view folded);

}  // namespace switchboard::match
