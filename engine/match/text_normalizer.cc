// NormalizeText, FoldCase and the word splitter. Messages are mostly ASCII and
// Russian, so those take a fast path without allocation per character; anything else
// (decomposed letters, other scripts, emoji) goes through utf8proc (NFC + case fold).
#include "match/text_normalizer.h"

#include <array>

#include <utf8proc.h>

#include <cstdlib>

#include "match/matcher.h"

namespace switchboard::match {
namespace {

constexpr char32_t kYo = 0x451;  // ё
constexpr char32_t kYe = 0x435;  // е

// Decodes one code point at text[*i], advancing *i; returns -1 for an invalid sequence
// (advancing by one byte).
int32_t NextCodePoint(std::string_view text, size_t* i) {
  // Fast path for ASCII and two-byte sequences (Cyrillic); utf8proc for the rest.
  unsigned char c = static_cast<unsigned char>(text[*i]);
  if (c < 0x80) {
    *i += 1;
    return c;
  }
  if (c >= 0xC2 && c < 0xE0 && *i + 1 < text.size()) {
    unsigned char d = static_cast<unsigned char>(text[*i + 1]);
    if ((d & 0xC0) == 0x80) {
      *i += 2;
      return ((c & 0x1F) << 6) | (d & 0x3F);
    }
  }
  utf8proc_int32_t cp = -1;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + *i),
                                        static_cast<utf8proc_ssize_t>(text.size() - *i), &cp);
  if (n <= 0) {
    *i += 1;
    return -1;
  }
  *i += static_cast<size_t>(n);
  return cp;
}

// True when the text can take the fast path: ASCII and the basic Cyrillic block only.
bool IsSimple(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) continue;
    if ((c == 0xD0 || c == 0xD1) && i + 1 < text.size()) {
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      if ((d & 0xC0) != 0x80) return false;
      if (c == 0xD1 && d >= 0xA0) return false;  // U+0460 and above: historic letters
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

// Folds one letter of the fast path; returns 0 for a separator.
char32_t FoldSimple(char32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) return cp;
    return 0;
  }
  if (cp >= 0x410 && cp <= 0x42F) cp += 0x20;
  else if (cp >= 0x400 && cp <= 0x40F) cp += 0x50;
  if (cp == kYo) return kYe;
  return cp;
}

bool IsWordCategory(utf8proc_category_t c) {
  switch (c) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

void FlushWord(std::string* word, std::vector<std::string>* words) {
  if (!word->empty()) {
    words->push_back(std::move(*word));
    word->clear();
  }
}

void NormalizeSimple(std::string_view text, std::vector<std::string>* words) {
  std::string word;
  size_t i = 0;
  while (i < text.size()) {
    int32_t cp = NextCodePoint(text, &i);
    char32_t f = cp < 0 ? 0 : FoldSimple(static_cast<char32_t>(cp));
    if (f == 0) {
      FlushWord(&word, words);
    } else {
      AppendUtf8(f, &word);
    }
  }
  FlushWord(&word, words);
}

void NormalizeGeneral(std::string_view text, std::vector<std::string>* words) {
  // utf8proc rejects invalid UTF-8 as a whole: replace bad bytes by spaces first.
  std::string valid;
  valid.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    int32_t cp = NextCodePoint(text, &i);
    if (cp < 0) valid.push_back(' ');
    else valid.append(text.substr(start, i - start));
  }
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
                                    static_cast<utf8proc_ssize_t>(valid.size()), &mapped,
                                    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                                   UTF8PROC_CASEFOLD | UTF8PROC_IGNORE));
  if (n < 0) {
    NormalizeSimple(valid, words);
    return;
  }
  std::string_view folded(reinterpret_cast<const char*>(mapped), static_cast<size_t>(n));
  std::string word;
  i = 0;
  while (i < folded.size()) {
    int32_t cp = NextCodePoint(folded, &i);
    if (cp < 0 || !IsWordCategory(utf8proc_category(cp))) {
      FlushWord(&word, words);
      continue;
    }
    AppendUtf8(cp == static_cast<int32_t>(kYo) ? kYe : static_cast<char32_t>(cp), &word);
  }
  FlushWord(&word, words);
  std::free(mapped);
}

}  // namespace

void NormalizeWords(std::string_view text, std::vector<std::string>* words) {
  if (IsSimple(text)) {
    NormalizeSimple(text, words);
  } else {
    NormalizeGeneral(text, words);
  }
}

std::u32string DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    int32_t cp = NextCodePoint(text, &i);
    out.push_back(cp < 0 ? 0xFFFD : static_cast<char32_t>(cp));
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

Script ScriptOf(std::string_view word) {
  bool latin = false;
  bool other = false;
  size_t i = 0;
  while (i < word.size()) {
    int32_t cp = NextCodePoint(word, &i);
    if (cp < 0) continue;
    if (cp >= 0x400 && cp <= 0x52F) return Script::kCyrillic;
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
      latin = true;
    } else if (cp >= 0x80) {
      utf8proc_category_t c = utf8proc_category(cp);
      if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) {
        // Latin-1 and Latin Extended letters count as Latin.
        if (cp < 0x250) latin = true;
        else other = true;
      }
    }
  }
  if (latin) return Script::kLatin;
  return other ? Script::kOther : Script::kNone;
}

bool IsAsciiLetters(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

bool HasDigit(std::string_view word) {
  for (char c : word) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

}  // namespace switchboard::match

namespace switchboard {

std::string NormalizeText(std::string_view text) {
  std::vector<std::string> words;
  match::NormalizeWords(text, &words);
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

namespace {

// FoldCase's lower case of a code point: ASCII by hand, Ё and ё as е, the rest as
// utf8proc says.
char32_t FoldedCodePoint(int32_t cp) {
  if (cp < 0x80) return static_cast<char32_t>((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
  if (cp == 0x401 || cp == 0x451) return match::kYe;  // Ё, ё -> е: both two bytes
  return static_cast<char32_t>(utf8proc_tolower(cp));
}

// FoldedCodePoint of the Cyrillic block (U+0400..U+04FF), worked out once: most
// letters of the messages the bot reads are there.
constexpr int32_t kCyrillicFirst = 0x400, kCyrillicEnd = 0x500;
const std::array<char32_t, kCyrillicEnd - kCyrillicFirst>& CyrillicFolds() {
  static const auto table = [] {
    std::array<char32_t, kCyrillicEnd - kCyrillicFirst> t{};
    for (int32_t cp = kCyrillicFirst; cp < kCyrillicEnd; ++cp) {
      char32_t lower = FoldedCodePoint(cp);
      // FoldCase keeps byte lengths: a lower case of another length stays as written.
      t[static_cast<size_t>(cp - kCyrillicFirst)] = lower >= 0x80 && lower < 0x800 ? lower : static_cast<char32_t>(cp);
    }
    return t;
  }();
  return table;
}

}  // namespace

std::string FoldCase(std::string_view text) {
  const auto& cyrillic = CyrillicFolds();
  // Every character keeps its byte length, so the output is written in place.
  std::string out(text);
  char* o = out.data();
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {  // ASCII: one byte either way
      if (lead >= 'A' && lead <= 'Z') o[i] = static_cast<char>(lead + 32);
      ++i;
      continue;
    }
    // Cyrillic: lead bytes D0..D3 and a continuation byte are U+0400..U+04FF, whose
    // lower cases are two bytes too (CyrillicFolds keeps to them).
    if (lead >= 0xD0 && lead <= 0xD3 && i + 1 < text.size() &&
        (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
      const char32_t lower = cyrillic[static_cast<size_t>(((lead & 0x1F) << 6 | (text[i + 1] & 0x3F)) - kCyrillicFirst)];
      o[i] = static_cast<char>(0xC0 | (lower >> 6));
      o[i + 1] = static_cast<char>(0x80 | (lower & 0x3F));
      i += 2;
      continue;
    }
    size_t start = i;
    int32_t cp = match::NextCodePoint(text, &i);
    if (cp < 0) continue;  // kept as written
    const char32_t lower = FoldedCodePoint(cp);
    if (lower == static_cast<char32_t>(cp)) continue;
    std::string encoded;
    match::AppendUtf8(lower, &encoded);  // at most 4 bytes: no allocation (short string)
    if (encoded.size() == i - start) out.replace(start, encoded.size(), encoded);  // else keep the byte length
  }
  return out;
}

}  // namespace switchboard
