// Reads a pattern's top level left to right, keeping runs of literal characters.
// Groups are skipped whole (what is inside may be optional or an alternative), so
// are classes, and a run ends at anything that is not a plain character; a
// quantifier that allows zero takes the character before it back out of the run.
// Whatever the reader does not understand makes it give up: an empty literal only
// means the pattern always runs.
#include "match/required_literal.h"

#include <cctype>
#include <cstdint>

namespace switchboard::match {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

// Past the class opened at `at` ("[...]"), or kNone when it does not close.
size_t SkipClass(std::string_view p, size_t at) {
  size_t i = at + 1;
  if (i < p.size() && p[i] == '^') ++i;
  if (i < p.size() && p[i] == ']') ++i;  // a leading ] is a member
  while (i < p.size()) {
    if (p[i] == '\\') {
      i += 2;
    } else if (p.substr(i, 2) == "[:") {
      size_t close = p.find(":]", i + 2);
      if (close == std::string_view::npos) return kNone;
      i = close + 2;
    } else if (p[i] == ']') {
      return i + 1;
    } else {
      ++i;
    }
  }
  return kNone;
}

// A group this reader follows: plain, "(?:" or a named "(?P<".
bool PlainGroup(std::string_view p, size_t at) {
  if (at + 1 >= p.size() || p[at + 1] != '?') return true;
  return p.substr(at + 2, 1) == ":" || p.substr(at + 2, 2) == "P<";
}

// Past "{n}", "{n,}" or "{n,m}" at `at`, with *min = n; kNone when it is not one
// (RE2 would read a literal "{", which this reader does not follow).
size_t SkipRepetition(std::string_view p, size_t at, int* min) {
  size_t i = at + 1;
  size_t digits = i;
  int n = 0;
  while (i < p.size() && std::isdigit(static_cast<unsigned char>(p[i])) && n < 100000) n = n * 10 + (p[i++] - '0');
  if (i == digits) return kNone;
  if (i < p.size() && p[i] == ',') {
    ++i;
    while (i < p.size() && std::isdigit(static_cast<unsigned char>(p[i]))) ++i;
  }
  if (i >= p.size() || p[i] != '}') return kNone;
  *min = n;
  return i + 1;
}

// The code point of the UTF-8 sequence at `at` and its length; -1 when malformed.
int32_t DecodeAt(std::string_view p, size_t at, size_t* length) {
  const unsigned char lead = static_cast<unsigned char>(p[at]);
  size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (n == 0 || at + n > p.size()) return -1;
  int32_t cp = n == 1 ? lead : lead & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(p[at + k]) & 0x3F);
  *length = n;
  return cp;
}

// `cp` as FoldCase writes it, appended to *out; false when it is not a character a
// literal may hold (see RequiredLiteral).
bool AppendFolded(int32_t cp, std::string* out) {
  if (cp >= 0x20 && cp < 0x7F) {
    out->push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    return true;
  }
  if (cp >= 0x410 && cp <= 0x44F) {  // А..я
    if (cp < 0x430) cp += 0x20;
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    return true;
  }
  return false;
}

}  // namespace

RequiredLiteral FindRequiredLiteral(std::string_view p, size_t min_length) {
  std::string best;
  std::string leading;  // the first run, when the pattern starts with it
  bool first_run = true;
  std::string run;
  size_t last = kNone;  // where the run's last character starts, while a quantifier may follow it
  auto end_run = [&] {
    if (first_run) leading = run;
    first_run = false;
    if (run.size() > best.size()) best = run;
    run.clear();
    last = kNone;
  };
  int depth = 0;
  size_t i = 0;
  while (i < p.size()) {
    const char c = p[i];
    if (c == '\\' && p.substr(i + 1, 1) == "Q") return {};  // quoting: not followed
    if (c == '(') {
      if (!PlainGroup(p, i)) return {};
      if (depth++ == 0) end_run();
      ++i;
      continue;
    }
    if (c == '[') {
      i = SkipClass(p, i);
      if (i == kNone) return {};
      if (depth == 0) end_run();
      continue;
    }
    if (depth > 0) {  // inside a group: only its end matters
      if (c == ')') --depth;
      i += c == '\\' ? 2 : 1;
      continue;
    }
    switch (c) {
      case ')':
      case '|':
        return {};  // top-level alternation (an unbalanced ")" does not compile)
      case '.':
      case '^':
      case '$':
        end_run();
        ++i;
        continue;
      case '*':
      case '?':
        if (last != kNone) run.resize(last);
        end_run();
        ++i;
        continue;
      case '+':
        end_run();
        ++i;
        continue;
      case '{': {
        int min = 0;
        size_t next = SkipRepetition(p, i, &min);
        if (next == kNone) return {};
        if (min == 0 && last != kNone) run.resize(last);
        end_run();
        i = next;
        continue;
      }
      case '\\': {
        if (i + 1 >= p.size()) return {};
        const char e = p[i + 1];
        const unsigned char ue = static_cast<unsigned char>(e);
        if (ue < 0x80 && std::ispunct(ue)) {  // an escaped punctuation mark is itself
          last = run.size();
          AppendFolded(e, &run);
          i += 2;
          continue;
        }
        end_run();
        i += 2;
        if (e == 'p' || e == 'P' || e == 'x') {
          if (i < p.size() && p[i] == '{') {
            size_t close = p.find('}', i);
            if (close == std::string_view::npos) return {};
            i = close + 1;
          } else {
            i += e == 'x' ? 2 : 1;
          }
          continue;
        }
        if (std::string_view("dDsSwWbBAzCntrfva").find(e) == std::string_view::npos) return {};
        continue;
      }
      default: {
        size_t length = 0;
        const int32_t cp = DecodeAt(p, i, &length);
        if (cp < 0) return {};
        const size_t before = run.size();
        if (AppendFolded(cp, &run)) {
          last = before;
        } else {
          end_run();
        }
        i += length;
      }
    }
  }
  end_run();
  if (leading.size() >= min_length) return {leading, true};
  return {best, false};
}

bool HasOddCaseVariant(std::string_view folded) {
  // Their lead bytes are rare in text: each is looked for with memchr.
  for (char lead : {'\xC5', '\xE1', '\xE2'}) {
    for (size_t at = folded.find(lead); at != std::string_view::npos; at = folded.find(lead, at + 1)) {
      std::string_view s = folded.substr(at, 3);
      if (s.substr(0, 2) == "\xC5\xBF" || s == "\xE2\x84\xAA") return true;  // ſ, K (Kelvin)
      if (s.size() == 3 && s.substr(0, 2) == "\xE1\xB2" && static_cast<unsigned char>(s[2]) <= 0x88) return true;
    }
  }
  return false;
}

}  // namespace switchboard::match
