// Lengths, splitting and numbered options for messengers (see outbound_text.h).
#include "adapters/common/outbound_text.h"

namespace switchboard::adapters {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of one UTF-8 character starting with `lead`, in `unit`.
size_t CharLength(unsigned char lead, TextUnit unit) {
  if (unit == TextUnit::kUtf16 && lead >= 0xF0) return 2;  // outside the BMP: a surrogate pair
  return 1;
}

// The byte offset after which the prefix of `text` is at most max_length long.
size_t PrefixBytes(std::string_view text, size_t max_length, TextUnit unit) {
  size_t length = 0, i = 0;
  while (i < text.size()) {
    size_t next = i + 1;
    while (next < text.size() && IsContinuation(static_cast<unsigned char>(text[next]))) ++next;
    size_t add = CharLength(static_cast<unsigned char>(text[i]), unit);
    if (length + add > max_length) break;
    length += add;
    i = next;
  }
  return i;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Where to cut `head` (the part that fits): the end of the last paragraph, line,
// sentence or word in its second half; npos when there is none.
size_t CutPoint(std::string_view head) {
  const size_t floor = head.size() / 2;
  for (std::string_view mark : {"\n\n", "\n", ". ", "! ", "? ", " "}) {
    size_t at = head.rfind(mark);
    if (at != std::string_view::npos && at >= floor) return at + (mark.size() > 1 && mark[0] != '\n' ? 1 : 0);
  }
  return std::string_view::npos;
}

}  // namespace

size_t TextLength(std::string_view text, TextUnit unit) {
  size_t length = 0;
  for (unsigned char c : text) {
    if (!IsContinuation(c)) length += CharLength(c, unit);
  }
  return length;
}

std::vector<std::string> SplitText(std::string_view text, size_t max_length, TextUnit unit) {
  std::vector<std::string> out;
  text = TrimSpace(text);
  while (!text.empty() && max_length > 0) {
    if (TextLength(text, unit) <= max_length) {
      out.emplace_back(text);
      break;
    }
    size_t fits = PrefixBytes(text, max_length, unit);
    size_t cut = CutPoint(text.substr(0, fits));
    if (cut == std::string_view::npos || cut == 0) cut = fits;
    out.emplace_back(TrimSpace(text.substr(0, cut)));
    text = TrimSpace(text.substr(cut));
  }
  return out;
}

std::string WithNumberedOptions(const std::string& text, const std::vector<Button>& buttons) {
  std::string out = text;
  if (!buttons.empty() && !out.empty()) out += "\n";
  size_t n = 0;
  for (const Button& b : buttons) {
    out += "\n";
    if (b.action == ButtonAction::kLink) {
      out += b.label + ": " + b.target;
    } else {
      out += std::to_string(++n) + ". " + b.label;
    }
  }
  return out;
}

std::string WithQuickReplies(const std::string& text, const std::vector<std::string>& quick_replies) {
  std::string line;
  for (const std::string& q : quick_replies) {
    if (q.empty()) continue;
    if (!line.empty()) line += " · ";
    line += q;
  }
  if (line.empty()) return text;
  return text.empty() ? line : text + "\n\n" + line;
}

std::vector<Button> QuickReplyButtons(const std::vector<std::string>& quick_replies,
                                      size_t max_payload_bytes) {
  std::vector<Button> out;
  for (const std::string& label : quick_replies) {
    if (label.empty() || label.size() + 2 > max_payload_bytes) continue;
    Button b;
    b.label = label;
    b.payload = "t:" + label;
    b.action = ButtonAction::kGoto;
    out.push_back(std::move(b));
  }
  return out;
}

std::string QuickReplyText(std::string_view payload) {
  return payload.starts_with("t:") ? std::string(payload.substr(2)) : std::string();
}

}  // namespace switchboard::adapters
