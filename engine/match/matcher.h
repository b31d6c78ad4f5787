// The matcher: what a customer's message means, by rules. Built once when flows load
// (keywords and phrases into an inverted index of stems, regexes into one RE2::Set),
// then queried per message without compiling anything. Forgiving the way people
// write in messengers: case, ё/е, punctuation and emoji, word forms (Snowball
// stemmers for Russian and English), typos (bounded edit distance on longer words),
// synonyms, any word order, filler words, Russian typed in Latin letters and in the
// wrong keyboard layout.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "switchboard/status.h"

namespace switchboard {

// How one word of a trigger was found in the message.
enum class WordMatchKind { kExact, kStem, kSynonym, kTypo, kTranslit, kLayout };

struct WordMatch {
  std::string trigger_word;  // as the trigger has it (normalised)
  std::string message_word;  // as the message has it (normalised)
  WordMatchKind kind = WordMatchKind::kExact;
  double weight = 1.0;       // 1 for exact, less for looser kinds
  int position = 0;          // the message word's index among the message's words
  // The message's clause the word is in: clauses are separated by sentence
  // punctuation (",", ".", "?", "!", ";") and by conjunctions ("и", "а", "and").
  int clause = 0;
};

// One target (a flow, a command, an option) the message may mean.
struct MatchCandidate {
  int target = -1;            // the caller's id given to Add*
  int trigger = -1;           // index of the trigger that scored best (order of Add*)
  double score = 0;           // 0..1 (+ priority bonus)
  std::string language;       // the best trigger's language, or "" if unknown
  std::vector<WordMatch> words;  // why (keyword and phrase triggers)
  bool regex = false;         // a regex trigger matched
  std::vector<std::pair<std::string, std::string>> captures;  // named groups
};

struct MatchResult {
  std::vector<MatchCandidate> candidates;  // best first, one per target
  std::string script_language;             // "ru" when the message has Cyrillic, "en" for Latin only, "" otherwise
  bool regex_fallback = false;  // the regex set ran out of memory; patterns were run one by one
  int words_considered = 0;     // message words looked up (at most MatcherOptions::max_words)
  bool words_truncated = false;  // the message had more words; the rest were not looked up
  // Evidence against every answer: content words no trigger word, synonym or
  // correction reaches, as the message has them (normalised).
  std::vector<std::string> unknown_words;
};

struct MatcherOptions {
  int typo_min_length = 5;   // words shorter than this must be spelled right
  bool translit = true;      // "dostavka" -> "доставка"
  bool keyboard_layout = true;  // "ljcnfdrf" -> "доставка"
  // The whole message is weighed (see matcher.cc): words no trigger knows count
  // against every candidate, generic words cannot carry a match alone, and a trigger
  // that explains nothing of a message that says more is only its framing. Off for
  // the answers to a question ("да", "любой"), where anything may surround the
  // expected words: those then weigh as known words the trigger does not explain.
  bool whole_message_evidence = true;
  // Words of a message looked up; the rest only reach regexes. Bounds the work per
  // message whatever its length (a customer's question fits in far fewer).
  int max_words = 200;
};

class Matcher;

// Collects triggers, then builds an immutable Matcher. Not thread-safe.
class MatcherBuilder {
 public:
  explicit MatcherBuilder(MatcherOptions options = {});
  ~MatcherBuilder();
  MatcherBuilder(const MatcherBuilder&) = delete;
  MatcherBuilder& operator=(const MatcherBuilder&) = delete;

  // Words or phrases that mean the same; any of them in a message or trigger counts
  // as `canonical`.
  void AddSynonyms(std::string_view canonical, const std::vector<std::string>& variants);
  // Words of `text` become known to the bot without leading anywhere (what it says
  // in its answers, its buttons' labels): in a message they are neither evidence
  // for an answer nor, as words the bot has never heard of are, against one.
  void AddKnownText(std::string_view text);
  // Words of `text`, spelled exactly so (normalised, no other word forms), belong to
  // other businesses though they share a stem or a spelling with the bot's words
  // ("цветов" is flowers, not a form of цвет): in a message they reach no trigger
  // and count against every answer, as words the bot has never heard of do.
  void AddUnrelatedText(std::string_view text);
  // A keyword (one word or a short phrase): matches when all its words are present.
  // Returns the trigger's index.
  int AddKeyword(int target, std::string_view keyword, std::string_view language,
                 double priority = 0);
  // An example phrase: scored by how many of its content words are present.
  int AddPhrase(int target, std::string_view phrase, std::string_view language,
                double priority = 0);
  // An RE2 pattern over the case-folded message. Returns the trigger's index, or
  // InvalidArgument with RE2's own message when the pattern does not compile.
  Result<int> AddRegex(int target, std::string_view pattern, double priority = 0);

  // Compiles everything. Returns ResourceExhausted when the regex set is too big.
  Result<std::unique_ptr<const Matcher>> Build();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Immutable; safe for concurrent use by multiple threads.
class Matcher {
 public:
  virtual ~Matcher() = default;
  // Candidates scoring at least min_score, best first.
  virtual MatchResult Match(std::string_view message, double min_score = 0.3) const = 0;
  virtual size_t trigger_count() const = 0;
};

// Case folding, ё -> е, punctuation and emoji to spaces, NFC: the form triggers and
// messages are compared in. Exposed for buttons and tests.
std::string NormalizeText(std::string_view text);
// Case folding only, byte length preserved where possible; regexes run over this.
std::string FoldCase(std::string_view text);

}  // namespace switchboard
