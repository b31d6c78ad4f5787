// Regex triggers: each pattern's own RE2 (for its named groups), run on a message only
// when the message can match: when it holds the pattern's required literal, or, for
// patterns without one, when one RE2::Set (unanchored) of them all says it matches.
// This is the only place that includes RE2: the Debian 12 re2::StringPiece API stays
// behind std::string_view here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "match/literal_filter.h"
#include "switchboard/status.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace switchboard::match {

// Memory budget of one pattern's RE2 (its program and DFA caches). A pattern that
// needs more (Unicode classes repeated many times) is refused when it is added, so
// the error points at that pattern and compiling it stays fast. The flow checker
// compiles patterns with the same budget.
inline constexpr int64_t kRegexPatternMaxMem = int64_t{1} << 20;
// Instructions of all patterns of one set together (RE2's ProgramSize): what the
// set's own program may hold, checked pattern by pattern as they are added.
inline constexpr int kRegexSetMaxInstructions = 100000;

// Add patterns, Compile once, then Match: safe for concurrent Match calls after
// Compile (RE2 and RE2::Set are thread-safe for matching).
class RegexSet {
 public:
  RegexSet();
  ~RegexSet();
  RegexSet(const RegexSet&) = delete;  // owns compiled programs
  RegexSet& operator=(const RegexSet&) = delete;

  // Compiles `pattern` (case-insensitive, UTF-8, ё written as е); returns its index,
  // InvalidArgument with RE2's own error message (a pattern over
  // kRegexPatternMaxMem is "pattern too large"), or ResourceExhausted when with this
  // pattern the set would pass kRegexSetMaxInstructions.
  Result<int> Add(std::string_view pattern);
  // Instructions of the patterns added so far.
  int instruction_count() const { return instructions_; }
  // Builds the set; ResourceExhausted when it is too big for the memory budget.
  Status Compile();

  struct Hit {
    int index = -1;
    std::vector<std::pair<std::string, std::string>> captures;  // named groups that took part
  };
  enum class Outcome {
    kOk,        // the set answered
    kFallback,  // the set ran out of memory; every pattern was tried on its own
  };
  // Finds the patterns matching `folded` (FoldCase of `original`, same byte length).
  // Captured text is cut from `original` at the same offsets, so it keeps its case.
  // Appends hits in pattern order.
  Outcome Match(std::string_view folded, std::string_view original, std::vector<Hit>* hits) const;

  size_t size() const { return patterns_.size(); }

 private:
  struct Pattern;
  // Runs one pattern for its captures, over the whole of `folded` or, when
  // `anchor_at` is not npos, only for a match starting there; false when it does
  // not match.
  bool Capture(const Pattern& p, std::string_view folded, std::string_view original, size_t anchor_at,
               Hit* hit) const;

  std::vector<std::unique_ptr<Pattern>> patterns_;
  int instructions_ = 0;
  LiteralFilter literals_;  // patterns with a required literal, under it
  std::vector<int> set_patterns_;  // the set's index -> pattern: those without
  struct SetHolder;
  std::unique_ptr<SetHolder> set_;
  bool compiled_ = false;
};

}  // namespace switchboard::match
