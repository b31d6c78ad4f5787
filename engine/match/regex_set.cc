// RE2 behind the regex triggers. Patterns are compiled case-insensitive over UTF-8
// with error logging off, each within its own small memory budget; the set uses a
// larger one because its DFA covers every pattern at once, and the patterns' sizes
// are summed as they are added so that the set always compiles. Most patterns name
// a word ("заказ\s+(?P<n>\d+)") and stay out of the set: a message without that word
// skips them, which spares the set's DFA (over a thousand patterns, most of a
// message's cost) and its compilation. When the set's DFA runs out of memory on a
// message, the patterns are run one by one instead of reporting "no match".
#include "match/regex_set.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

#include "match/required_literal.h"

namespace switchboard::match {
namespace {

// The set's program (at most kRegexSetMaxInstructions of about 16 bytes, counted
// four times over by RE2's estimate) plus room for its DFA.
constexpr int64_t kSetMaxMem = int64_t{64} << 20;

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_case_sensitive(false);
  options.set_max_mem(kRegexPatternMaxMem);
  return options;
}

re2::StringPiece Piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

// Messages are matched with ё folded to е; patterns are written the same way.
std::string FoldYo(std::string_view pattern) {
  std::string out(pattern);
  for (std::string_view yo : {std::string_view("ё"), std::string_view("Ё")}) {
    for (size_t at = out.find(yo); at != std::string::npos; at = out.find(yo, at)) out.replace(at, yo.size(), "е");
  }
  return out;
}

}  // namespace

struct RegexSet::Pattern {
  std::string source;
  bool literal_leads = false;  // every match starts with the pattern's required literal
  std::unique_ptr<RE2> re;
  std::vector<std::pair<std::string, int>> groups;  // named groups and their numbers
};

struct RegexSet::SetHolder {
  explicit SetHolder(const RE2::Options& options) : set(options, RE2::UNANCHORED) {}
  RE2::Set set;
  bool compiled = false;
};

RegexSet::RegexSet() = default;
RegexSet::~RegexSet() = default;

Result<int> RegexSet::Add(std::string_view pattern) {
  auto p = std::make_unique<Pattern>();
  p->source = FoldYo(pattern);
  p->re = std::make_unique<RE2>(Piece(p->source), PatternOptions());
  if (!p->re->ok()) {
    if (p->re->error_code() == RE2::ErrorPatternTooLarge) {
      return Status::InvalidArgument(p->re->error() + " (over the " + std::to_string(kRegexPatternMaxMem >> 20) +
                                     " MB budget of one regex; repeat Unicode classes less)");
    }
    return Status::InvalidArgument(p->re->error());
  }
  int size = p->re->ProgramSize();
  if (instructions_ + size > kRegexSetMaxInstructions) {
    return Status::ResourceExhausted("this regex (" + std::to_string(size) + " instructions) takes the regex triggers past " +
                                     std::to_string(kRegexSetMaxInstructions) +
                                     " instructions together; simplify it or the regexes before it");
  }
  instructions_ += size;
  for (const auto& [name, number] : p->re->NamedCapturingGroups()) p->groups.emplace_back(name, number);
  std::sort(p->groups.begin(), p->groups.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  const int index = static_cast<int>(patterns_.size());
  const RequiredLiteral literal = FindRequiredLiteral(p->source, LiteralFilter::kMinLength);
  if (literal.text.size() >= LiteralFilter::kMinLength) {
    literals_.Add(literal.text, index);
    p->literal_leads = literal.leads;
  } else {
    set_patterns_.push_back(index);
  }
  patterns_.push_back(std::move(p));
  return index;
}

Status RegexSet::Compile() {
  literals_.Finish();
  RE2::Options options = PatternOptions();
  options.set_max_mem(kSetMaxMem);
  set_ = std::make_unique<SetHolder>(options);
  if (!set_patterns_.empty()) {
    for (int index : set_patterns_) {
      std::string error;
      if (set_->set.Add(Piece(patterns_[static_cast<size_t>(index)]->source), &error) < 0) {
        return Status::Internal("regex compiled alone but not in the set: " + error);
      }
    }
    if (!set_->set.Compile()) {
      return Status::ResourceExhausted("the regex triggers do not fit the regex memory budget (" +
                                       std::to_string(kSetMaxMem >> 20) + " MB); simplify or split them");
    }
    set_->compiled = true;
  }
  compiled_ = true;
  return Status::Ok();
}

bool RegexSet::Capture(const Pattern& p, std::string_view folded, std::string_view original, size_t anchor_at,
                       Hit* hit) const {
  // Only as many submatches as the highest named group needs.
  int n = p.groups.empty() ? 0 : p.groups.back().second + 1;
  thread_local std::vector<re2::StringPiece> pieces;
  pieces.assign(static_cast<size_t>(n), re2::StringPiece());
  const bool anchored = anchor_at != std::string_view::npos;
  if (!p.re->Match(Piece(folded), anchored ? anchor_at : 0, folded.size(),
                   anchored ? RE2::ANCHOR_START : RE2::UNANCHORED, pieces.data(), n)) {
    return false;
  }
  for (const auto& [name, number] : p.groups) {
    const re2::StringPiece& piece = pieces[static_cast<size_t>(number)];
    if (piece.data() == nullptr) continue;  // the group did not take part
    size_t offset = static_cast<size_t>(piece.data() - folded.data());
    hit->captures.emplace_back(name, std::string(original.substr(offset, piece.size())));
  }
  return true;
}

RegexSet::Outcome RegexSet::Match(std::string_view folded, std::string_view original,
                                  std::vector<Hit>* hits) const {
  if (patterns_.empty() || !compiled_) return Outcome::kOk;
  constexpr size_t kAnywhere = std::string_view::npos;
  // Patterns that may match, with where (a required literal that leads the pattern
  // occurs) or kAnywhere.
  thread_local std::vector<LiteralFilter::Occurrence> tries;
  tries.clear();
  if (!literals_.empty()) {
    if (HasOddCaseVariant(folded)) {  // the literals prove nothing: every such pattern runs
      for (size_t i = 0; i < patterns_.size(); ++i) tries.push_back({static_cast<int>(i), kAnywhere});
    } else {
      literals_.Scan(folded, &tries);
      for (auto& t : tries) {
        if (!patterns_[static_cast<size_t>(t.id)]->literal_leads) t.position = kAnywhere;
      }
    }
  }
  Outcome outcome = Outcome::kOk;
  if (set_ != nullptr && set_->compiled) {
    thread_local std::vector<int> in_set;
    in_set.clear();
    RE2::Set::ErrorInfo error{};
    if (set_->set.Match(Piece(folded), &in_set, &error)) {
      for (int i : in_set) tries.push_back({set_patterns_[static_cast<size_t>(i)], kAnywhere});
    } else if (error.kind != RE2::Set::kNoError) {
      // Out of memory (or an inconsistency): do not mistake it for "no match".
      for (int i : set_patterns_) tries.push_back({i, kAnywhere});
      outcome = Outcome::kFallback;
    }
  }
  // In pattern order; a pattern's places from the left, so that the first that
  // matches is the match an unanchored search finds (kAnywhere, last, is one).
  std::sort(tries.begin(), tries.end(), [](const auto& a, const auto& b) {
    return a.id != b.id ? a.id < b.id : a.position < b.position;
  });
  for (size_t t = 0; t < tries.size();) {
    const int index = tries[t].id;
    Hit hit;
    hit.index = index;
    bool matched = false;
    for (; t < tries.size() && tries[t].id == index; ++t) {
      if (matched) continue;
      matched = Capture(*patterns_[static_cast<size_t>(index)], folded, original, tries[t].position, &hit);
      // Unanchored, the first try said it all.
      if (tries[t].position == kAnywhere) break;
    }
    while (t < tries.size() && tries[t].id == index) ++t;
    if (matched) hits->push_back(std::move(hit));
  }
  return outcome;
}

}  // namespace switchboard::match
