// Cleaning customers' text at the edge; see inbound_text.h.
#include "dialog/inbound_text.h"

#include <cstdint>

namespace switchboard {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at the start of `s` and its code point, or 0
// when it is not one (overlong forms and surrogates included).
size_t DecodeOne(std::string_view s, char32_t* cp) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t b0 = byte(0);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t length = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2, *cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3, *cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4, *cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (byte(i) & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return length;
}

bool Dropped(char32_t cp) {
  if (cp == '\t' || cp == '\n') return false;
  if (cp < 0x20 || cp == 0x7F) return true;           // C0 controls, NUL, DEL
  if (cp >= 0x80 && cp < 0xA0) return true;           // C1 controls
  if (cp >= 0x202A && cp <= 0x202E) return true;      // bidi embeddings and overrides
  if (cp >= 0x2066 && cp <= 0x2069) return true;      // bidi isolates
  return false;
}

}  // namespace

std::string CleanInboundText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    char32_t cp = 0;
    size_t length = DecodeOne(text, &cp);
    if (length == 0) {
      out += kReplacement;
      text.remove_prefix(1);
      continue;
    }
    if (cp == '\r') {
      out += '\n';
      if (text.size() > 1 && text[1] == '\n') length = 2;
    } else if (!Dropped(cp)) {
      out.append(text.substr(0, length));
    }
    text.remove_prefix(length);
  }
  return out;
}

std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<uint8_t>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace switchboard
