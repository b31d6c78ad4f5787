// Writing JSON text by hand where a document is built on every turn (the outbox's
// replies): strings are escaped exactly as nlohmann::json's dump() escapes them
// (ensure_ascii off), so the text is byte for byte what the library would write, at
// a fraction of the cost. Invalid UTF-8 is not handled here: callers check with
// IsWellFormedUtf8 and leave such text to the library, which replaces it.
#pragma once

#include <string>
#include <string_view>

namespace switchboard {

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code
// points past U+10FFFF).
bool IsWellFormedUtf8(std::string_view text);

// Appends `text` as a JSON string, quotes included. REQUIRES: IsWellFormedUtf8(text).
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace switchboard
