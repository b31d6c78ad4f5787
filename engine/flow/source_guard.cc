// UTF-8 validation, the nesting pre-scan and quoting fragments of flow files (see
// source_guard.h).
#include "flow/source_guard.h"

#include <cstdio>
#include <vector>

namespace switchboard {

bool ValidateUtf8(std::string_view text, TextPlace* bad) {
  int line = 1;
  int column = 1;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = 0;
    unsigned int cp = 0;
    unsigned int min = 0;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
      min = 0x10000;
    }
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) {
      if (bad) *bad = {line, column};
      return false;
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += len;
  }
  return true;
}

namespace {

// True when a value may start right after `prev` (the last significant character
// before it on the line, or 0 at the start of the line): there a quote opens a quoted
// scalar and a bracket opens a flow collection.
bool ValueStart(char prev) {
  return prev == 0 || prev == '-' || prev == ':' || prev == '?' || prev == '[' ||
         prev == '{' || prev == ',';
}

}  // namespace

bool NestingWithin(std::string_view text, int max_depth, TextPlace* where) {
  std::vector<int> indents;      // block levels open, by indentation column
  int flow_depth = 0;            // open [ and { brackets
  char quote = 0;                // inside a quoted scalar that spans lines
  int block_scalar_parent = -1;  // inside a `|` or `>` block: its parent's indent
  int line_no = 0;
  size_t start = 0;
  auto too_deep = [&](size_t column) {
    if (static_cast<int>(indents.size()) + flow_depth <= max_depth) return false;
    if (where) *where = {line_no, static_cast<int>(column) + 1};
    return true;
  };
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    start = end + 1;

    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    bool blank = indent == line.size() || line[indent] == '#';
    if (block_scalar_parent >= 0) {
      if (blank || static_cast<int>(indent) > block_scalar_parent) continue;
      block_scalar_parent = -1;
    }
    size_t i = 0;
    char prev = 0;
    if (quote == 0 && flow_depth == 0) {
      if (blank) continue;
      while (!indents.empty() && indents.back() >= static_cast<int>(indent)) indents.pop_back();
      indents.push_back(static_cast<int>(indent));
      if (too_deep(indent)) return false;
      i = indent;
      // `- - - x`: each dash opens one more level on the same line.
      while (i < line.size() && line[i] == '-' &&
             (i + 1 == line.size() || line[i + 1] == ' ')) {
        size_t next = i + 1;
        while (next < line.size() && line[next] == ' ') ++next;
        if (next >= line.size() || line[next] == '#') break;
        indents.push_back(static_cast<int>(next));
        if (too_deep(next)) return false;
        i = next;
      }
    }
    for (; i < line.size(); ++i) {
      char c = line[i];
      if (quote != 0) {
        if (quote == '"' && c == '\\') {
          ++i;
        } else if (c == quote) {
          if (quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
            ++i;
          } else {
            quote = 0;
            prev = c;
          }
        }
        continue;
      }
      if (c == ' ' || c == '\t') continue;
      if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) break;
      char before = prev;
      prev = c;
      if ((c == '&' || c == '!') && ValueStart(before)) {
        // A node property (`&anchor`, `!tag`): the value still starts after it, so
        // `&a [&b [` nests as deep as `[[`.
        while (i + 1 < line.size() && line[i + 1] != ' ' && line[i + 1] != '\t' &&
               line[i + 1] != '[' && line[i + 1] != '{' && line[i + 1] != ']' &&
               line[i + 1] != '}' && line[i + 1] != ',') {
          ++i;
        }
        prev = before;
        continue;
      }
      if ((c == '"' || c == '\'') && ValueStart(before)) {
        quote = c;
      } else if ((c == '[' || c == '{') && (flow_depth > 0 || ValueStart(before))) {
        ++flow_depth;
        if (too_deep(i)) return false;
      } else if ((c == ']' || c == '}') && flow_depth > 0) {
        --flow_depth;
      }
      // Block scalar header: `key: |`, `- >-`, `key: |2+`.
      if ((c == '|' || c == '>') && flow_depth == 0 && ValueStart(before)) {
        size_t k = i + 1;
        while (k < line.size() && (line[k] == '+' || line[k] == '-' ||
                                   (line[k] >= '0' && line[k] <= '9'))) {
          ++k;
        }
        while (k < line.size() && line[k] == ' ') ++k;
        if (k == line.size() || line[k] == '#') {
          block_scalar_parent = static_cast<int>(indent);
          break;
        }
      }
    }
    if (end == text.size()) break;
  }
  return true;
}

std::string Fragment(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  size_t i = 0;
  char buf[16];
  while (i < text.size()) {
    if (chars == max_chars) {
      out += "...";
      break;
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    TextPlace unused;
    if (len == 0 || i + len > text.size() || !ValidateUtf8(text.substr(i, len), &unused)) {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      ++i;
      ++chars;
      continue;
    }
    unsigned int cp = 0;
    if (len == 3) cp = ((c & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
               cp == 0x200F) {
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);  // would reorder the message around it
      out += buf;
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
    ++chars;
  }
  return out;
}

}  // namespace switchboard
