// JSON strings written as nlohmann::json's serializer writes them (see json_text.h).
#include "util/json_text.h"

#include <cstdio>

namespace switchboard {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

bool NeedsEscape(char ch) {
  const unsigned char c = static_cast<unsigned char>(ch);
  return c <= 0x1F || c == '"' || c == '\\';
}

}  // namespace

bool IsWellFormedUtf8(std::string_view text) {
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    auto at = [&](size_t k) { return i + k < n ? static_cast<unsigned char>(text[i + k]) : 0; };
    size_t length;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;   // no overlong forms
      if (c == 0xED) high = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;   // no overlong forms
      if (c == 0xF4) high = 0x8F;  // nothing past U+10FFFF
    } else {
      return false;
    }
    if (at(1) < low || at(1) > high) return false;
    for (size_t k = 2; k < length; ++k) {
      if (!IsContinuation(at(k))) return false;
    }
    i += length;
  }
  return true;
}

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  size_t i = 0;
  while (i < text.size()) {
    // The bytes of well-formed UTF-8 go through as they are, a run at a time.
    size_t run = i;
    while (run < text.size() && !NeedsEscape(text[run])) ++run;
    out->append(text.data() + i, run - i);
    if (run == text.size()) break;
    const unsigned char c = static_cast<unsigned char>(text[run]);
    i = run + 1;
    switch (c) {
      case '\b': *out += "\\b"; break;
      case '\t': *out += "\\t"; break;
      case '\n': *out += "\\n"; break;
      case '\f': *out += "\\f"; break;
      case '\r': *out += "\\r"; break;
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      default: {  // the other control characters
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
        *out += escaped;
      }
    }
  }
  out->push_back('"');
}

}  // namespace switchboard
