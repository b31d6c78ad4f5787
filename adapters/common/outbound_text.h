// Fitting the bot's replies to a messenger's limits: text lengths measured in the
// unit the platform counts (Unicode code points, or UTF-16 code units for
// Telegram), long texts split where a reader would break them, and buttons a
// platform cannot show written out as numbered options (a reply of "2" or of the
// label's text presses the button: the engine reads both).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "switchboard/event.h"

namespace switchboard::adapters {

enum class TextUnit { kCodePoints, kUtf16 };

// The length of UTF-8 `text` in `unit`.
size_t TextLength(std::string_view text, TextUnit unit);

// `text` in pieces of at most `max_length` (in `unit`): cut at the last paragraph
// break, else line break, else sentence end, else space within the limit, and
// only inside a word when a word alone is longer. Never splits a character.
// Whitespace at the cuts is dropped; an empty text gives no pieces.
std::vector<std::string> SplitText(std::string_view text, size_t max_length, TextUnit unit);

// `text` followed by one numbered line per button ("1. Label"; a link as
// "Label: URL"), for buttons a channel cannot show natively.
std::string WithNumberedOptions(const std::string& text, const std::vector<Button>& buttons);

// `text` and a line of the quick replies ("A · B · C"), for channels that cannot
// show them: the customer types one.
std::string WithQuickReplies(const std::string& text, const std::vector<std::string>& quick_replies);

// Quick replies as buttons whose payload is "t:" + the label: pressing one sends the
// label as text. Empty labels and those longer than `max_payload_bytes` - 2 bytes
// are left out.
std::vector<Button> QuickReplyButtons(const std::vector<std::string>& quick_replies,
                                      size_t max_payload_bytes);

// The label a quick-reply payload carries ("t:Label" -> "Label"), or "" for any
// other payload.
std::string QuickReplyText(std::string_view payload);

}  // namespace switchboard::adapters
