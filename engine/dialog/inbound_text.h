// What a customer's text becomes before anything reads or stores it: valid UTF-8
// (each invalid byte becomes U+FFFD), without NUL and other control characters
// (tab and newline stay) and without the bidirectional overrides and isolates that
// make a transcript display something other than what was sent. Done once, at the
// edge, so that slots, the log and the replies all hold the same text.
#pragma once

#include <string>
#include <string_view>

namespace switchboard {

std::string CleanInboundText(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` that ends on a character
// boundary (text is valid UTF-8).
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes);

}  // namespace switchboard
