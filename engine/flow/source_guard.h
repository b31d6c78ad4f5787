// Checks on untrusted flow file text that run before any YAML parsing: UTF-8
// validity and nesting depth (yaml-cpp's parser recurses once per nesting level, so
// text nested deeper than the limit must never reach it), and the one way a piece
// of such text may be quoted in an error message.
#pragma once

#include <string>
#include <string_view>

namespace switchboard {

// A 1-based place in a text.
struct TextPlace {
  int line = 0;
  int column = 0;
};

// Returns true when `text` is valid UTF-8 (no overlong forms, no surrogates, nothing
// above U+10FFFF). Otherwise returns false and sets *bad to the first bad byte's
// line and column (column counted in characters).
bool ValidateUtf8(std::string_view text, TextPlace* bad);

// An upper-bound estimate of how deeply the YAML in `text` nests: block indentation
// levels (mappings, `- ` items, several `- - ` on one line) plus open flow brackets
// `[` `{`, ignoring quoted strings, comments and block scalars. Returns true when the
// depth stays within `max_depth`; otherwise false, with *where at the first place
// that goes deeper. Runs in one pass, in O(size) time and O(depth) memory.
bool NestingWithin(std::string_view text, int max_depth, TextPlace* where);

// At most `max_chars` characters of `text` for an error message, with control
// characters, bidirectional overrides and bytes that are not UTF-8 escaped
// (\n, \x07, \u202e) and "..." where it was cut: a file's text is never echoed
// in full, whatever the file is.
std::string Fragment(std::string_view text, size_t max_chars = 40);

}  // namespace switchboard
