// Indentation scans for YAML error messages (see indentation.h). Both read the text
// line by line in one pass; block scalars (`|`, `>`) are skipped, since their lines
// are text, not structure.
#include "flow/indentation.h"

#include <algorithm>
#include <vector>

namespace switchboard {
namespace {

struct Line {
  std::string_view text;
  int number = 0;
};

// Calls `visit(line)` for each line 1..last_line; stops early when it returns false.
template <typename Visit>
void ForEachLine(std::string_view text, int last_line, Visit visit) {
  size_t start = 0;
  for (int number = 1; number <= last_line && start <= text.size(); ++number) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!visit(Line{line, number})) return;
    if (end == text.size()) return;
    start = end + 1;
  }
}

size_t IndentOf(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  return i;
}

// The line's content without a trailing comment (a '#' after a space) or spaces.
std::string_view Content(std::string_view line) {
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '#' && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
      line = line.substr(0, i);
      break;
    }
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line;
}

// True when the line ends in a block scalar header: `key: |`, `- >-`.
bool OpensBlockScalar(std::string_view content) {
  size_t i = content.size();
  while (i > 0 && (content[i - 1] == '+' || content[i - 1] == '-' ||
                   (content[i - 1] >= '0' && content[i - 1] <= '9'))) {
    --i;
  }
  if (i == 0 || (content[i - 1] != '|' && content[i - 1] != '>')) return false;
  return i == 1 || content[i - 2] == ' ';
}

// True when the content at `from` starts a mapping key (`word:` then a space or the
// end) or a sequence item (`- `): a line that is structure, not the rest of a text.
bool StartsEntry(std::string_view content, size_t from) {
  if (content.substr(from, 2) == "- " || content.substr(from) == "-") return true;
  size_t colon = content.find(':', from);
  if (colon == std::string_view::npos) return false;
  if (colon + 1 != content.size() && content[colon + 1] != ' ') return false;
  std::string_view key = content.substr(from, colon - from);
  return !key.empty() && key.find_first_of("\"'[]{},#") == std::string_view::npos;
}

// Open `[` and `{` minus closed ones on a line, outside quotes.
int BracketBalance(std::string_view content) {
  int balance = 0;
  char quote = 0;
  for (char c : content) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++balance;
    } else if (c == ']' || c == '}') {
      --balance;
    }
  }
  return balance;
}

}  // namespace

bool FindIndentTab(std::string_view text, int last_line, TextPlace* where) {
  bool found = false;
  ForEachLine(text, last_line, [&](const Line& line) {
    for (size_t i = 0; i < line.text.size(); ++i) {
      if (line.text[i] == '\t') {
        *where = {line.number, static_cast<int>(i) + 1};
        found = true;
        return false;
      }
      if (line.text[i] != ' ') break;
    }
    return true;
  });
  return found;
}

bool FindMisindentedLine(std::string_view text, int last_line, TextPlace* where, int* expected) {
  std::vector<int> levels;  // columns (0-based) of the blocks open here
  bool opens = true;        // the previous line opened a block (`key:`, `- `)
  int scalar_parent = -1;   // inside a block scalar: the indentation of its header line
  int brackets = 0;         // inside a flow collection that spans lines
  bool found = false;
  ForEachLine(text, last_line, [&](const Line& line) {
    int indent = static_cast<int>(IndentOf(line.text));
    std::string_view content = Content(line.text);
    bool blank = static_cast<size_t>(indent) >= content.size() || content[indent] == '#';
    if (blank) return true;
    if (scalar_parent >= 0) {
      if (indent > scalar_parent) return true;
      scalar_parent = -1;
    }
    if (brackets > 0) {
      brackets += BracketBalance(content);
      return true;
    }
    if (!levels.empty() && indent > levels.back() && !opens) {
      if (!StartsEntry(content, indent)) return true;  // a text going on
      *where = {line.number, indent + 1};
      *expected = levels.back() + 1;
      found = true;
      return false;
    }
    if (!levels.empty() && indent < levels.back()) {
      int closed = levels.back();
      while (!levels.empty() && levels.back() > indent) {
        closed = levels.back();
        levels.pop_back();
      }
      if (levels.empty() || levels.back() != indent) {
        int outer = levels.empty() ? 0 : levels.back();
        *where = {line.number, indent + 1};
        *expected = (closed - indent <= indent - outer ? closed : outer) + 1;
        found = true;
        return false;
      }
    }
    if (levels.empty() || levels.back() < indent) levels.push_back(indent);
    // `- - key: x`: each dash opens a block at the column after it.
    size_t i = static_cast<size_t>(indent);
    while (i + 1 < content.size() && content[i] == '-' && content[i + 1] == ' ') {
      i += 2;
      while (i < content.size() && content[i] == ' ') ++i;
      levels.push_back(static_cast<int>(i));
    }
    bool dash_only = content.size() >= 1 && content.back() == '-' &&
                     static_cast<size_t>(indent) + 1 == content.size();
    opens = dash_only || (!content.empty() && content.back() == ':');
    if (OpensBlockScalar(content)) scalar_parent = indent;
    brackets = std::max(0, BracketBalance(content));
    return true;
  });
  return found;
}

}  // namespace switchboard
