// Russian typed without a Russian keyboard: in Latin letters ("dostavka", "skolko
// stoit") and in the wrong keyboard layout ("ljcnfdrf" typed on ЙЦУКЕН keys while the
// QWERTY layout was on). Both turn a Latin word into Cyrillic spellings to look up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace switchboard::match {

// The Cyrillic letters on the same keys as `typed` (QWERTY -> ЙЦУКЕН), lower case,
// including the punctuation keys that carry letters ("[" х, ";" ж, "," б, "." ю, "`" ё).
// Characters without a Cyrillic key are kept as they are. Stateless.
std::string LayoutToCyrillic(std::string_view typed);
// True when `c` is an ASCII letter or one of the punctuation keys that carry Russian
// letters in the ЙЦУКЕН layout.
bool IsLayoutKey(char c);

// Decides how far a transliteration spelling is worth following.
class TranslitFilter {
 public:
  enum Verdict { kDead, kPrefix, kStemReached };
  virtual ~TranslitFilter() = default;
  // `partial` is a Cyrillic spelling of the first letters of the word: kDead when no
  // known word starts that way, kPrefix when some does, kStemReached when it already is
  // a known stem (then what follows is only an ending and is not checked).
  virtual Verdict Classify(std::string_view partial) const = 0;
};

// Cyrillic spellings of the lower-case Latin word `latin`, most likely first, at most
// `limit` of them, keeping only those `filter` (may be null: keep all) lets through.
// Knows the common variants: sh/sch/shch, ch, zh, kh, ts/tz, ya/ja/ia, yu/ju, yo/jo,
// y and j as ы/й, c as ц/к, x as кс, and an omitted soft sign. Stateless.
std::vector<std::string> TranslitCandidates(std::string_view latin, const TranslitFilter* filter,
                                            size_t limit);

}  // namespace switchboard::match
