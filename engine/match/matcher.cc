// MatcherBuilder and the indexed Matcher. Build() turns every keyword and phrase into
// "units" (a trigger word, or a run of words that is a synonym) keyed in the inverted
// index, and compiles the regexes into one set. Match() normalises the message, finds
// each word's keys (exact or stem, synonym, typo, transliteration, keyboard layout),
// walks only the postings of those keys, scores the triggers it touched and keeps the
// best trigger per target. Scratch space is per thread and reused between messages.
#include "match/matcher.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "match/keyword_index.h"
#include "match/regex_set.h"
#include "match/stemmer.h"
#include "match/stop_words.h"
#include "match/synonym_table.h"
#include "match/text_normalizer.h"
#include "match/translit.h"
#include "match/word_memo.h"
#include "match/word_roles.h"

namespace switchboard {
namespace {

using match::KeywordIndex;
using match::RegexSet;
using match::SynonymTable;

enum class TriggerType { kKeyword, kPhrase, kRegex };

// Weights of the ways a trigger word can be found, by WordMatchKind.
constexpr double kExactWeight = 1.0;
constexpr double kStemWeight = 0.95;
constexpr double kSynonymWeight = 0.9;
constexpr double kTypoWeight = 0.8;
constexpr double kTranslitWeight = 0.85;
constexpr double kLayoutWeight = 0.85;

// Evidence. Each message word weighs: content 1, generic kGenericEvidence, filler,
// framing and numbers 0. A trigger's coverage (how much of it the message has, its
// generic words weighing kGenericEvidence too) is multiplied by
//   (E + kEvidenceBase) / (E + kEvidenceBase + kUnknownAgainst * U + kKnownAgainst * O)
// where E is the weight of the message words the trigger explains, U of those the
// bot has never heard of (no trigger word, synonym or correction reaches them) and O
// of the known words it leaves unexplained: "доставка цветов" is not our delivery.
constexpr double kGenericEvidence = 0.35;
constexpr double kEvidenceBase = 0.1;
constexpr double kUnknownAgainst = 2.2;
constexpr double kKnownAgainst = 0.12;
// A trigger that explains only generic words ("сколько стоит") is unsure at best.
constexpr double kGenericOnly = 0.55;
// A trigger that explains none of a message's evidence (a greeting before a
// question) is framing around something else.
constexpr double kFramingOnly = 0.5;
// Priority: +0.01 per point, within +-0.05.
constexpr double kPriorityStep = 0.01;
constexpr double kPriorityCap = 0.05;

constexpr size_t kTranslitCandidates = 8;
// Words longer than this (bytes) are only compared as written: no stemming,
// transliteration or layout conversion (typos stop at kMaxTypoWordLength letters).
constexpr size_t kMaxCorrectedBytes = 64;
constexpr size_t kWordInfoLimit = 20000;  // words remembered per thread

double WeightOf(WordMatchKind kind) {
  switch (kind) {
    case WordMatchKind::kExact: return kExactWeight;
    case WordMatchKind::kStem: return kStemWeight;
    case WordMatchKind::kSynonym: return kSynonymWeight;
    case WordMatchKind::kTypo: return kTypoWeight;
    case WordMatchKind::kTranslit: return kTranslitWeight;
    case WordMatchKind::kLayout: return kLayoutWeight;
  }
  return 0;
}

struct RawTrigger {
  int target;
  TriggerType type;
  std::string text;
  std::string language;
  double priority;
  int regex = -1;  // index in the RegexSet
};

// One word (or synonym run) of a keyword or phrase trigger.
struct Unit {
  int key;
  std::string surface;  // normalised trigger word(s)
  size_t surface_hash;
  float importance;     // its share in the trigger's coverage: kGenericEvidence for generic words
};

size_t HashOf(std::string_view s) { return std::hash<std::string_view>{}(s); }

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return HashOf(s); }
};
using StringSet = std::unordered_set<std::string, TransparentHash, std::equal_to<>>;

struct Trigger {
  int target;
  int slot;  // dense index of the target
  TriggerType type;
  std::string language;
  double bonus;
  int unit_begin = 0;
  int unit_count = 0;
};

// One way a message word (or run of words) reaches an index key.
struct Hit {
  int key;
  int word;   // first message word
  int span;   // message words covered
  float evidence;  // weight of the words covered (see kGenericEvidence)
  int specific;    // content (not generic) words among them
  WordMatchKind kind;
  std::string_view surface;  // the message word(s), normalised
  size_t surface_hash;
  int next_same_word;  // the previous hit starting at the same word, or -1
};

// What the matcher needs to know about a word, remembered per thread because
// messages repeat the same words.
struct WordInfo {
  std::string stem;
  match::WordRole role;
  match::Script script;
  bool ascii_letters;
  bool has_digit;
  bool conjunction = false;    // match::IsConjunction
  bool greeting_head = false;  // match::IsGreetingHead
  bool greeting_tail = false;  // match::IsGreetingTail
  // The role of the Russian word its Latin letters spell, found once.
  mutable std::optional<match::WordRole> translit_role = std::nullopt;
  // What the matcher with serial number lookups_serial (the last to read the word)
  // found for its stem: see IndexedMatcher::LookUp.
  mutable uint64_t lookups_serial = 0;
  mutable int stem_key = -1;
  mutable bool starts_synonym = false;
  mutable bool known_stem = false;
};

// A message word's stem looked up in one matcher.
struct StemLookups {
  int key;              // in the keyword index, or -1
  bool starts_synonym;  // some synonym starts with it
  bool known;           // AddKnownText has it
};

// A whitespace token's normalised words and what is known about each.
struct TokenWords {
  std::vector<std::string> words;
  std::vector<const WordInfo*> infos;
};

struct MessageWord {
  // surface and info point into the thread's memory of tokens and words (Scratch):
  // valid until the next Match on this thread, which is the only time it is trimmed.
  std::string_view surface;
  const WordInfo* info = nullptr;
  std::string_view stem;
  int token = 0;  // whitespace-separated token of the raw message
  int clause = 0;  // see WordMatch::clause
  bool stop = false;  // filler or framing: no evidence either way
  float evidence = 0;  // 1 content, kGenericEvidence generic, 0 otherwise
  bool specific = false;  // content, not generic
  bool found = false;  // reached a key without correction
};

struct UnitState {
  float weight;
  float evidence;
  uint8_t kind;
  uint8_t specific;
  int16_t word;
  int16_t span;
};

struct TargetBest {
  double score;
  int trigger;
  int regex_hit;  // index in the regex hits, or -1
};

// Per-thread scratch reused across messages (and across matchers: entries are valid
// only when their stamp equals the current generation).
struct Scratch {
  uint32_t generation = 0;
  std::vector<MessageWord> words;
  size_t word_count = 0;
  std::vector<std::string> token_words;
  std::vector<std::string_view> stems;
  std::vector<Hit> hits;
  std::vector<int> word_hits;  // per message word: its last hit, or -1
  std::vector<uint8_t> reached;  // per message word: some hit covers it
  std::deque<std::string> joined;
  std::vector<SynonymTable::Hit> synonym_hits;
  std::vector<uint32_t> trigger_stamp;
  std::vector<UnitState> units;
  std::vector<int> touched_triggers;
  std::vector<uint32_t> target_stamp;
  std::vector<TargetBest> targets;
  std::vector<int> touched_targets;
  std::vector<int> kept;
  std::vector<RegexSet::Hit> regex_hits;
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, WordInfo, StringHash, std::equal_to<>> word_info;
  match::WordMap<TokenWords> tokens;  // its infos point into word_info
  match::CorrectionMemo corrections;

  const WordInfo* Info(std::string_view word) {
    auto it = word_info.find(word);
    if (it != word_info.end()) return &it->second;
    bool long_word = word.size() > kMaxCorrectedBytes;
    WordInfo info{long_word ? std::string(word) : match::Stem(word), match::RoleOf(word),
                  match::ScriptOf(word), !long_word && match::IsAsciiLetters(word), match::HasDigit(word)};
    info.conjunction = match::IsConjunction(word);
    info.greeting_head = match::IsGreetingHead(word);
    info.greeting_tail = match::IsGreetingTail(word);
    return &word_info.emplace(std::string(word), std::move(info)).first->second;
  }

  const TokenWords& Token(std::string_view token) {
    if (const TokenWords* known = tokens.Find(token)) return *known;
    TokenWords fresh;
    match::NormalizeWords(token, &fresh.words);
    for (const std::string& w : fresh.words) fresh.infos.push_back(Info(w));
    return *tokens.Insert(token, std::move(fresh));
  }

  void Begin(size_t trigger_count, size_t unit_count, size_t target_count) {
    if (++generation == 0) {  // wrapped: forget every old stamp
      std::fill(trigger_stamp.begin(), trigger_stamp.end(), 0);
      std::fill(target_stamp.begin(), target_stamp.end(), 0);
      generation = 1;
    }
    if (trigger_stamp.size() < trigger_count) trigger_stamp.resize(trigger_count, 0);
    if (units.size() < unit_count) units.resize(unit_count);
    if (target_stamp.size() < target_count) target_stamp.resize(target_count, 0);
    if (targets.size() < target_count) targets.resize(target_count);
    if (word_info.size() > kWordInfoLimit || tokens.size() > kWordInfoLimit) {  // only here: pointers live one call
      word_info.clear();
      tokens.clear();
    }
    corrections.Trim(kWordInfoLimit);
    word_count = 0;
    hits.clear();
    joined.clear();
    touched_triggers.clear();
    touched_targets.clear();
    regex_hits.clear();
    stems.clear();
  }
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

void SetRole(MessageWord* w, match::WordRole role) {
  const bool number = w->info->has_digit;
  w->stop = role == match::WordRole::kFiller || role == match::WordRole::kFraming;
  w->specific = role == match::WordRole::kContent && !number;
  w->evidence = w->stop || number ? 0.0f
                : role == match::WordRole::kGeneric ? static_cast<float>(kGenericEvidence)
                                                    : 1.0f;
}

// A Latin word that spells a Russian filler, framing or generic word ("na",
// "pozhalujsta", "gj;fkeqcnf" typed in the wrong layout) takes that word's role.
void AdoptRole(MessageWord* w, const std::vector<std::string>& spellings) {
  for (const std::string& cyrillic : spellings) {
    match::WordRole role = match::RoleOf(cyrillic);
    if (role != match::WordRole::kContent) {
      SetRole(w, role);
      return;
    }
  }
}

// ' ' and \t \n \v \f \r, which are 9..13.
bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// The stem given to a message word of `unrelated`: no trigger, synonym or known
// word has it.
constexpr std::string_view kUnrelatedStem = "\x01unrelated";

// Sentence punctuation after which a message may go on to another question.
bool EndsClause(char c) { return c == ',' || c == '.' || c == '?' || c == '!' || c == ';'; }

class IndexedMatcher final : public Matcher {
 public:
  IndexedMatcher(MatcherOptions options, std::vector<Trigger> triggers, std::vector<Unit> units,
                 std::unique_ptr<KeywordIndex> index, std::unique_ptr<SynonymTable> synonyms,
                 std::vector<int> group_keys, std::unique_ptr<RegexSet> regexes,
                 std::vector<int> regex_triggers, size_t target_count,
                 StringSet known_stems, StringSet unrelated_words)
      : options_(options),
        triggers_(std::move(triggers)),
        units_(std::move(units)),
        index_(std::move(index)),
        synonyms_(std::move(synonyms)),
        group_keys_(std::move(group_keys)),
        regexes_(std::move(regexes)),
        regex_triggers_(std::move(regex_triggers)),
        target_count_(target_count),
        known_stems_(std::move(known_stems)),
        unrelated_words_(std::move(unrelated_words)) {}

  MatchResult Match(std::string_view message, double min_score) const override;
  size_t trigger_count() const override { return triggers_.size(); }

 private:
  bool SplitWords(std::string_view message, Scratch* s) const;
  void FindHits(std::string_view message, Scratch* s) const;
  void AddHit(Scratch* s, int key, int word, int span, WordMatchKind kind, std::string_view surface) const;
  StemLookups LookUp(const MessageWord& w) const;
  int TranslitKey(const std::string& cyrillic) const;
  void FindCorrections(const MessageWord& w, match::Corrections* out) const;
  void Accumulate(Scratch* s) const;
  void ScoreTriggers(Scratch* s, double message_evidence, double unknown_evidence, double min_score) const;
  void Offer(Scratch* s, int trigger, double score, int regex_hit) const;
  MatchCandidate Describe(const Scratch& s, const TargetBest& best) const;

  MatcherOptions options_;
  std::vector<Trigger> triggers_;
  std::vector<Unit> units_;
  std::unique_ptr<KeywordIndex> index_;
  std::unique_ptr<SynonymTable> synonyms_;
  std::vector<int> group_keys_;  // synonym group -> index key
  std::unique_ptr<RegexSet> regexes_;
  std::vector<int> regex_triggers_;  // regex index -> trigger
  size_t target_count_;
  StringSet known_stems_;  // AddKnownText
  StringSet unrelated_words_;  // AddUnrelatedText: exact normalised spellings
  // Names this matcher in each thread's memory of corrections; never reused.
  const uint64_t serial_ = NextSerial();

  static uint64_t NextSerial() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }
};

// Stops at options_.max_words words; returns false when words were left out.
bool IndexedMatcher::SplitWords(std::string_view message, Scratch* s) const {
  // UnitState keeps word positions in 16 bits.
  const size_t max_words = static_cast<size_t>(std::clamp(options_.max_words, 0, 10000));
  size_t i = 0;
  int token = 0;
  int clause = 0;
  bool clause_ended = false;  // the previous token ended a clause (",", "?", ...)
  while (i < message.size()) {
    if (s->word_count >= max_words) {
      while (i < message.size() && IsSpace(message[i])) ++i;
      return i == message.size();
    }
    while (i < message.size() && IsSpace(message[i])) ++i;
    size_t start = i;
    while (i < message.size() && !IsSpace(message[i])) ++i;
    if (i == start) break;
    const TokenWords& words = s->Token(message.substr(start, i - start));
    for (size_t k = 0; k < words.words.size(); ++k) {
      if (s->word_count >= max_words) return false;
      if (s->words.size() <= s->word_count) s->words.emplace_back();
      if (s->word_count > 0 && ((k == 0 && clause_ended) || words.infos[k]->conjunction)) ++clause;
      clause_ended = false;
      MessageWord& mw = s->words[s->word_count++];
      mw.surface = words.words[k];
      mw.token = token;
      mw.clause = clause;
      mw.info = words.infos[k];
      SetRole(&mw, mw.info->role);
      mw.stem = mw.info->stem;
      mw.found = false;
    }
    clause_ended = clause_ended || EndsClause(message[i - 1]);
    ++token;
  }
  return true;
}

void IndexedMatcher::AddHit(Scratch* s, int key, int word, int span, WordMatchKind kind,
                            std::string_view surface) const {
  if (key < 0) return;
  // The same key through the same words: keep the better way. Only this word's own
  // hits are compared, so the cost stays linear in the message.
  int& last = s->word_hits[static_cast<size_t>(word)];
  for (int h = last; h >= 0; h = s->hits[static_cast<size_t>(h)].next_same_word) {
    Hit& other = s->hits[static_cast<size_t>(h)];
    if (other.key != key || other.span != span) continue;
    if (WeightOf(other.kind) < WeightOf(kind)) {
      other.kind = kind;
      other.surface = surface;
      other.surface_hash = HashOf(surface);
    }
    return;
  }
  float evidence = 0;
  int specific = 0;
  for (int k = word; k < word + span; ++k) {
    evidence += s->words[static_cast<size_t>(k)].evidence;
    specific += s->words[static_cast<size_t>(k)].specific ? 1 : 0;
  }
  s->hits.push_back(Hit{key, word, span, evidence, specific, kind, surface, HashOf(surface), last});
  last = static_cast<int>(s->hits.size() - 1);
}

// Each word is looked up once per matcher and thread, then read from its WordInfo:
// messages repeat words. An unrelated word's stem is not its info's, so it is looked
// up every time.
StemLookups IndexedMatcher::LookUp(const MessageWord& w) const {
  auto look_up = [&] {
    return StemLookups{index_->Find(w.stem), synonyms_->StartsMember(w.stem),
                       known_stems_.find(w.stem) != known_stems_.end()};
  };
  if (w.stem.data() != w.info->stem.data()) return look_up();
  const WordInfo& info = *w.info;
  if (info.lookups_serial != serial_) {
    const StemLookups found = look_up();
    info.stem_key = found.key;
    info.starts_synonym = found.starts_synonym;
    info.known_stem = found.known;
    info.lookups_serial = serial_;
  }
  return StemLookups{info.stem_key, info.starts_synonym, info.known_stem};
}

void IndexedMatcher::FindHits(std::string_view message, Scratch* s) const {
  const int n = static_cast<int>(s->word_count);
  for (int i = 0; i < n; ++i) s->stems.push_back(s->words[static_cast<size_t>(i)].stem);
  s->word_hits.assign(static_cast<size_t>(n), -1);
  // Exact spellings, word forms and synonyms.
  for (int i = 0; i < n; ++i) {
    MessageWord& w = s->words[static_cast<size_t>(i)];
    const StemLookups lookups = LookUp(w);
    if (lookups.key >= 0) {
      AddHit(s, lookups.key, i, 1, WordMatchKind::kStem, w.surface);
      w.found = true;
    }
    if (!lookups.starts_synonym) continue;
    s->synonym_hits.clear();
    synonyms_->Find(s->stems, static_cast<size_t>(i), &s->synonym_hits);
    for (const SynonymTable::Hit& h : s->synonym_hits) {
      std::string_view surface = w.surface;
      if (h.length > 1) {
        std::string joined(w.surface);
        for (int k = i + 1; k < i + h.length; ++k) {
          joined += ' ';
          joined += s->words[static_cast<size_t>(k)].surface;
        }
        s->joined.push_back(std::move(joined));
        surface = s->joined.back();
      }
      AddHit(s, group_keys_[static_cast<size_t>(h.group)], i, h.length,
             h.canonical ? WordMatchKind::kStem : WordMatchKind::kSynonym, surface);
      for (int k = i; k < i + h.length; ++k) s->words[static_cast<size_t>(k)].found = true;
    }
  }
  // Corrections, only for words that reached nothing as written and that the bot
  // does not know as written: "сайте" is a word of its own, not a typo of "зайти".
  for (int i = 0; i < n; ++i) {
    MessageWord& w = s->words[static_cast<size_t>(i)];
    if (w.found || w.stop || w.info->has_digit || w.surface.size() > kMaxCorrectedBytes) continue;
    if (LookUp(w).known) continue;
    // A greeting in Latin letters ("privet") is still looked up: it is a trigger.
    if (options_.translit && w.info->ascii_letters) {
      if (!w.info->translit_role) {
        w.info->translit_role = match::WordRole::kContent;
        for (const std::string& cyrillic : match::TranslitCandidates(w.surface, nullptr, 2)) {
          match::WordRole role = match::RoleOf(cyrillic);
          if (role != match::WordRole::kContent) {
            w.info->translit_role = role;
            break;
          }
        }
      }
      if (*w.info->translit_role != match::WordRole::kContent) SetRole(&w, *w.info->translit_role);
    }
    const match::Corrections& corrections =
        s->corrections.Get(serial_, w.surface, [&](match::Corrections* c) { FindCorrections(w, c); });
    for (int key : corrections.typo_keys) AddHit(s, key, i, 1, WordMatchKind::kTypo, w.surface);
    for (int key : corrections.translit_keys) AddHit(s, key, i, 1, WordMatchKind::kTranslit, w.surface);
  }
  if (!options_.keyboard_layout) return;
  // Only a token whose words are all uncorrected Latin letters can be in the wrong
  // layout: most messages have none, and the walk over their bytes is spared.
  bool any_latin = false;
  for (int i = 0; i < n && !any_latin; ++i) {
    const MessageWord& w = s->words[static_cast<size_t>(i)];
    any_latin = !w.found && !w.stop && w.info->ascii_letters;
  }
  if (!any_latin) return;
  // Wrong keyboard layout, per whitespace token: its punctuation keys carry letters
  // too (";tycrbq" is "женский"), so the raw token is converted, not the words.
  size_t pos = 0;
  int token = 0;
  int first_word = 0;
  while (pos < message.size() && first_word < n) {
    while (pos < message.size() && IsSpace(message[pos])) ++pos;
    size_t start = pos;
    while (pos < message.size() && !IsSpace(message[pos])) ++pos;
    if (pos == start) break;
    std::string_view raw = message.substr(start, pos - start);
    // Sentence punctuation that is not on a letter key ("?", "!", ")") stays outside.
    auto outside = [](char c) { return !match::IsLayoutKey(c) && static_cast<unsigned char>(c) < 0x80; };
    while (!raw.empty() && outside(raw.front())) raw.remove_prefix(1);
    while (!raw.empty() && outside(raw.back())) raw.remove_suffix(1);
    int words_in_token = 0;
    bool candidate = true;
    while (first_word + words_in_token < n &&
           s->words[static_cast<size_t>(first_word + words_in_token)].token == token) {
      const MessageWord& w = s->words[static_cast<size_t>(first_word + words_in_token)];
      candidate = candidate && !w.found && !w.stop && w.info->ascii_letters;
      ++words_in_token;
    }
    candidate = candidate && words_in_token > 0 && !raw.empty() && raw.size() <= kMaxCorrectedBytes &&
                std::all_of(raw.begin(), raw.end(), match::IsLayoutKey);
    if (candidate) {
      std::string_view trimmed = raw;
      while (!trimmed.empty() && (trimmed.back() == ',' || trimmed.back() == '.')) trimmed.remove_suffix(1);
      std::string_view variants[] = {raw, trimmed};
      for (size_t v = 0; v < (trimmed.size() < raw.size() && !trimmed.empty() ? 2u : 1u); ++v) {
        s->token_words.clear();
        match::NormalizeWords(match::LayoutToCyrillic(variants[v]), &s->token_words);
        // The token's punctuation keys may have split it into more message words than
        // it has Cyrillic words ("vj;yj" is "можно"): the last Cyrillic word covers
        // the rest of the token.
        const int converted = static_cast<int>(s->token_words.size());
        for (int j = 0; j < converted; ++j) {
          int offset = std::min(j, words_in_token - 1);
          int span = j == converted - 1 ? words_in_token - offset : 1;
          for (int k = offset; k < offset + span; ++k) {
            AdoptRole(&s->words[static_cast<size_t>(first_word + k)], {s->token_words[static_cast<size_t>(j)]});
          }
          AddHit(s, index_->VocabularyKey(match::Stem(s->token_words[static_cast<size_t>(j)])), first_word + offset,
                 std::max(span, 1), WordMatchKind::kLayout, s->words[static_cast<size_t>(first_word + offset)].surface);
        }
      }
    }
    first_word += words_in_token;
    ++token;
  }
}

// What typos and Latin spellings of a word reach: a function of the word alone.
void IndexedMatcher::FindCorrections(const MessageWord& w, match::Corrections* out) const {
  if (w.surface.size() >= static_cast<size_t>(options_.typo_min_length)) {
    std::u32string word32 = match::DecodeUtf8(w.surface);
    if (static_cast<int>(word32.size()) >= options_.typo_min_length) {
      index_->FindTypos(word32, match::DecodeUtf8(w.stem), [&](int key, int) { out->typo_keys.push_back(key); });
    }
  }
  if (options_.translit && w.info->ascii_letters) {
    for (const std::string& cyrillic : match::TranslitCandidates(w.surface, index_.get(), kTranslitCandidates)) {
      out->translit_keys.push_back(TranslitKey(cyrillic));
    }
  }
}

// The key a transliterated spelling stands for. Latin spellings of endings are
// loose ("zapisatsya" is записаться, spelt "записатся" or "записацйа"), so when the
// whole spelling has no key, a known stem that it starts with, followed by at most
// kLooseEnding letters, is taken.
int IndexedMatcher::TranslitKey(const std::string& cyrillic) const {
  int key = index_->VocabularyKey(match::StemRussian(cyrillic));
  if (key >= 0) return key;
  constexpr size_t kLooseEnding = 4;
  constexpr size_t kMinStem = 4;
  const size_t letters = match::Utf8Length(cyrillic);
  size_t cut = cyrillic.size();
  for (size_t dropped = 1; dropped <= kLooseEnding && letters - dropped >= kMinStem; ++dropped) {
    do {
      --cut;
    } while (cut > 0 && (static_cast<unsigned char>(cyrillic[cut]) & 0xC0) == 0x80);
    key = index_->VocabularyKey(std::string_view(cyrillic).substr(0, cut));
    if (key >= 0) return key;
  }
  return -1;
}

void IndexedMatcher::Accumulate(Scratch* s) const {
  for (const Hit& hit : s->hits) {
    for (const KeywordIndex::Posting& p : index_->postings(hit.key)) {
      const Trigger& t = triggers_[static_cast<size_t>(p.trigger)];
      if (s->trigger_stamp[static_cast<size_t>(p.trigger)] != s->generation) {
        s->trigger_stamp[static_cast<size_t>(p.trigger)] = s->generation;
        s->touched_triggers.push_back(p.trigger);
        for (int u = t.unit_begin; u < t.unit_begin + t.unit_count; ++u) s->units[static_cast<size_t>(u)].weight = 0;
      }
      WordMatchKind kind = hit.kind;
      const Unit& unit = units_[static_cast<size_t>(p.unit)];
      if (kind == WordMatchKind::kStem && unit.surface_hash == hit.surface_hash && unit.surface == hit.surface) {
        kind = WordMatchKind::kExact;
      }
      float weight = static_cast<float>(WeightOf(kind));
      UnitState& st = s->units[static_cast<size_t>(p.unit)];
      // Better weight wins; at equal weight, the longer run explains more of the message.
      if (weight > st.weight || (weight == st.weight && hit.span > st.span)) {
        st = UnitState{weight, hit.evidence, static_cast<uint8_t>(kind),
                       static_cast<uint8_t>(std::min(hit.specific, 255)), static_cast<int16_t>(hit.word),
                       static_cast<int16_t>(hit.span)};
      }
    }
  }
}

void IndexedMatcher::Offer(Scratch* s, int trigger, double score, int regex_hit) const {
  const Trigger& t = triggers_[static_cast<size_t>(trigger)];
  size_t slot = static_cast<size_t>(t.slot);
  if (s->target_stamp[slot] != s->generation) {
    s->target_stamp[slot] = s->generation;
    s->touched_targets.push_back(t.slot);
    s->targets[slot] = TargetBest{score, trigger, regex_hit};
    return;
  }
  TargetBest& best = s->targets[slot];
  // A regex wins ties (it brings captures); otherwise the earlier trigger does.
  bool better = score > best.score ||
                (score == best.score && ((regex_hit >= 0 && best.regex_hit < 0) ||
                                         ((regex_hit >= 0) == (best.regex_hit >= 0) && trigger < best.trigger)));
  if (better) best = TargetBest{score, trigger, regex_hit};
}

// A trigger scoring under min_score is not offered: it could only be its target's
// best when the target is not kept anyway.
void IndexedMatcher::ScoreTriggers(Scratch* s, double message_evidence, double unknown_evidence,
                                   double min_score) const {
  for (int ti : s->touched_triggers) {
    const Trigger& t = triggers_[static_cast<size_t>(ti)];
    int matched = 0;
    double covered = 0;
    double importance = 0;
    double explained = 0;
    int specific = 0;
    for (int u = t.unit_begin; u < t.unit_begin + t.unit_count; ++u) {
      const UnitState& st = s->units[static_cast<size_t>(u)];
      const double weight = units_[static_cast<size_t>(u)].importance;
      importance += weight;
      if (st.weight <= 0) continue;
      ++matched;
      covered += weight * st.weight;
      explained += st.evidence;
      specific += st.specific;
    }
    if (matched == 0 || t.unit_count == 0 || importance <= 0) continue;
    if (t.type == TriggerType::kKeyword && matched < t.unit_count) continue;
    explained = std::min(explained, message_evidence);
    const bool whole = options_.whole_message_evidence;
    const double unknown = whole ? unknown_evidence : 0.0;
    const double other = std::max(0.0, message_evidence - explained - unknown);
    double score = (covered / importance) * (explained + kEvidenceBase) /
                   (explained + kEvidenceBase + kUnknownAgainst * unknown + kKnownAgainst * other);
    if (whole && specific == 0 && explained > 0) score *= kGenericOnly;
    if (whole && explained == 0 && message_evidence > 0) score *= kFramingOnly;
    if (score + t.bonus >= min_score) Offer(s, ti, score + t.bonus, -1);
  }
}

MatchCandidate IndexedMatcher::Describe(const Scratch& s, const TargetBest& best) const {
  const Trigger& t = triggers_[static_cast<size_t>(best.trigger)];
  MatchCandidate c;
  c.target = t.target;
  c.trigger = best.trigger;
  c.score = best.score;
  c.language = t.language;
  if (best.regex_hit >= 0) {
    c.regex = true;
    c.captures = s.regex_hits[static_cast<size_t>(best.regex_hit)].captures;
    return c;
  }
  for (int u = t.unit_begin; u < t.unit_begin + t.unit_count; ++u) {
    const UnitState& st = s.units[static_cast<size_t>(u)];
    if (st.weight <= 0) continue;
    WordMatch wm;
    wm.trigger_word = units_[static_cast<size_t>(u)].surface;
    for (int k = st.word; k < st.word + st.span; ++k) {
      if (k > st.word) wm.message_word.push_back(' ');
      wm.message_word += s.words[static_cast<size_t>(k)].surface;
    }
    wm.kind = static_cast<WordMatchKind>(st.kind);
    wm.weight = st.weight;
    wm.position = st.word;
    wm.clause = s.words[static_cast<size_t>(st.word)].clause;
    if (wm.kind == WordMatchKind::kTranslit || wm.kind == WordMatchKind::kLayout) c.language = "ru";
    c.words.push_back(std::move(wm));
  }
  return c;
}

MatchResult IndexedMatcher::Match(std::string_view message, double min_score) const {
  Scratch& s = ThreadScratch();
  s.Begin(triggers_.size(), units_.size(), target_count_);
  MatchResult result;
  result.words_truncated = !SplitWords(message, &s);
  result.words_considered = static_cast<int>(s.word_count);

  bool latin = false;
  for (size_t i = 0; i < s.word_count; ++i) {
    match::Script script = s.words[i].info->script;
    if (script == match::Script::kCyrillic) result.script_language = "ru";
    latin = latin || script == match::Script::kLatin;
    if (i > 0 && s.words[i - 1].info->greeting_head && s.words[i].info->greeting_tail) {  // match::IsFramingPair
      SetRole(&s.words[i], match::WordRole::kFraming);
    }
  }
  if (result.script_language.empty() && latin) result.script_language = "en";
  // A word of another business that shares a stem with the bot's words ("цветов":
  // flowers, not цвет) reaches nothing and counts against every answer.
  if (!unrelated_words_.empty()) {
    for (size_t i = 0; i < s.word_count; ++i) {
      MessageWord& w = s.words[i];
      if (unrelated_words_.find(w.surface) == unrelated_words_.end()) continue;
      SetRole(&w, match::WordRole::kContent);
      w.stem = kUnrelatedStem;
      w.found = true;  // no corrections either
    }
  }

  FindHits(message, &s);
  // Evidence against: the message's words that no hit reaches.
  s.reached.assign(s.word_count, 0);
  for (const Hit& h : s.hits) {
    for (int k = h.word; k < h.word + h.span; ++k) s.reached[static_cast<size_t>(k)] = 1;
  }
  double message_evidence = 0;
  double unknown_evidence = 0;
  for (size_t i = 0; i < s.word_count; ++i) {
    message_evidence += s.words[i].evidence;
    // Generic words are every topic's: never evidence against.
    if (!s.reached[i] && s.words[i].specific && !LookUp(s.words[i]).known) {
      unknown_evidence += s.words[i].evidence;
      result.unknown_words.emplace_back(s.words[i].surface);
    }
  }
  Accumulate(&s);
  ScoreTriggers(&s, message_evidence, unknown_evidence, min_score);

  if (regexes_->size() > 0) {
    std::string folded = FoldCase(message);
    result.regex_fallback = regexes_->Match(folded, message, &s.regex_hits) == RegexSet::Outcome::kFallback;
    for (size_t h = 0; h < s.regex_hits.size(); ++h) {
      int trigger = regex_triggers_[static_cast<size_t>(s.regex_hits[h].index)];
      Offer(&s, trigger, 1.0 + triggers_[static_cast<size_t>(trigger)].bonus, static_cast<int>(h));
    }
  }

  // Sort the winners first, then describe only those kept.
  s.kept.clear();
  for (int slot : s.touched_targets) {
    if (s.targets[static_cast<size_t>(slot)].score >= min_score) s.kept.push_back(slot);
  }
  std::sort(s.kept.begin(), s.kept.end(), [&](int a, int b) {
    const TargetBest& x = s.targets[static_cast<size_t>(a)];
    const TargetBest& y = s.targets[static_cast<size_t>(b)];
    if (x.score != y.score) return x.score > y.score;
    return triggers_[static_cast<size_t>(x.trigger)].target < triggers_[static_cast<size_t>(y.trigger)].target;
  });
  result.candidates.reserve(s.kept.size());
  for (int slot : s.kept) result.candidates.push_back(Describe(s, s.targets[static_cast<size_t>(slot)]));
  return result;
}

// A trigger word's share in its trigger's coverage.
float Importance(std::string_view word) {
  return match::RoleOf(word) == match::WordRole::kGeneric ? static_cast<float>(kGenericEvidence) : 1.0f;
}

}  // namespace

struct MatcherBuilder::Impl {
  MatcherOptions options;
  StringSet known_stems;
  StringSet unrelated_words;
  std::vector<std::pair<std::string, std::vector<std::string>>> synonyms;
  std::vector<RawTrigger> triggers;
  std::unique_ptr<RegexSet> regexes = std::make_unique<RegexSet>();

  int AddText(int target, TriggerType type, std::string_view text, std::string_view language, double priority) {
    triggers.push_back(RawTrigger{target, type, std::string(text), std::string(language), priority});
    return static_cast<int>(triggers.size() - 1);
  }
};

MatcherBuilder::MatcherBuilder(MatcherOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
MatcherBuilder::~MatcherBuilder() = default;

void MatcherBuilder::AddUnrelatedText(std::string_view text) {
  std::vector<std::string> words;
  match::NormalizeWords(text, &words);
  for (std::string& w : words) impl_->unrelated_words.insert(std::move(w));
}

void MatcherBuilder::AddKnownText(std::string_view text) {
  std::vector<std::string> words;
  match::NormalizeWords(text, &words);
  for (const std::string& w : words) {
    if (!match::HasDigit(w)) impl_->known_stems.insert(match::Stem(w));
  }
}

void MatcherBuilder::AddSynonyms(std::string_view canonical, const std::vector<std::string>& variants) {
  impl_->synonyms.emplace_back(std::string(canonical), variants);
}

int MatcherBuilder::AddKeyword(int target, std::string_view keyword, std::string_view language, double priority) {
  return impl_->AddText(target, TriggerType::kKeyword, keyword, language, priority);
}

int MatcherBuilder::AddPhrase(int target, std::string_view phrase, std::string_view language, double priority) {
  return impl_->AddText(target, TriggerType::kPhrase, phrase, language, priority);
}

Result<int> MatcherBuilder::AddRegex(int target, std::string_view pattern, double priority) {
  Result<int> regex = impl_->regexes->Add(pattern);
  if (!regex.ok()) return regex.status();
  int trigger = impl_->AddText(target, TriggerType::kRegex, pattern, "", priority);
  impl_->triggers.back().regex = *regex;
  return trigger;
}

Result<std::unique_ptr<const Matcher>> MatcherBuilder::Build() {
  Impl& in = *impl_;
  Status regex_status = in.regexes->Compile();
  if (!regex_status.ok()) return regex_status;

  auto index = std::make_unique<KeywordIndex>(in.options.typo_min_length);
  auto synonyms = std::make_unique<SynonymTable>();
  std::vector<int> group_keys;
  std::vector<std::string> words;
  std::vector<std::string> stems;
  auto split = [&](std::string_view text) {
    words.clear();
    stems.clear();
    match::NormalizeWords(text, &words);
    for (const std::string& w : words) stems.push_back(match::Stem(w));
  };
  for (size_t g = 0; g < in.synonyms.size(); ++g) {
    int group = static_cast<int>(g);
    int key = index->Intern(KeywordIndex::GroupKeyName(group));
    group_keys.push_back(key);
    for (size_t m = 0; m <= in.synonyms[g].second.size(); ++m) {
      bool canonical = m == 0;
      split(canonical ? std::string_view(in.synonyms[g].first) : std::string_view(in.synonyms[g].second[m - 1]));
      synonyms->Add(group, stems, canonical);
      if (words.size() == 1 && !match::IsStopWord(words[0])) index->AddVocabulary(words[0], stems[0], key);
    }
  }

  std::vector<Trigger> triggers;
  std::vector<Unit> units;
  std::vector<int> regex_triggers(in.regexes->size(), -1);
  std::unordered_map<int, int> slots;
  for (size_t ti = 0; ti < in.triggers.size(); ++ti) {
    const RawTrigger& raw = in.triggers[ti];
    auto [slot, inserted] = slots.emplace(raw.target, static_cast<int>(slots.size()));
    (void)inserted;
    Trigger t;
    t.target = raw.target;
    t.slot = slot->second;
    t.type = raw.type;
    t.language = raw.language;
    t.bonus = std::clamp(raw.priority * kPriorityStep, -kPriorityCap, kPriorityCap);
    t.unit_begin = static_cast<int>(units.size());
    if (raw.type == TriggerType::kRegex) {
      regex_triggers[static_cast<size_t>(raw.regex)] = static_cast<int>(ti);
      triggers.push_back(std::move(t));
      continue;
    }
    split(raw.text);
    std::vector<std::string_view> stem_views(stems.begin(), stems.end());
    // Units: synonym runs (longest first) and single words, with their filler status.
    std::vector<std::pair<Unit, bool>> found;  // unit, is content
    for (size_t i = 0; i < words.size();) {
      SynonymTable::Hit h = synonyms->Longest(stem_views, i);
      if (h.group >= 0) {
        std::string surface = words[i];
        for (size_t k = i + 1; k < i + static_cast<size_t>(h.length); ++k) surface += " " + words[k];
        bool content = h.length > 1 || !match::IsStopWord(words[i]);
        size_t hash = HashOf(surface);
        float importance = h.length == 1 ? Importance(words[i]) : 1.0f;
        found.push_back({Unit{group_keys[static_cast<size_t>(h.group)], std::move(surface), hash, importance}, content});
        i += static_cast<size_t>(h.length);
        continue;
      }
      int key = index->Intern(stems[i]);
      bool content = !match::IsStopWord(words[i]);
      if (content) index->AddVocabulary(words[i], stems[i], key);
      found.push_back({Unit{key, words[i], HashOf(words[i]), Importance(words[i])}, content});
      ++i;
    }
    bool any_content = std::any_of(found.begin(), found.end(), [](const auto& f) { return f.second; });
    for (auto& [unit, content] : found) {
      // In a phrase, filler words do not count when there is more; a keyword is short
      // and deliberate, so each of its words is required ("get there" is not "get").
      if (raw.type == TriggerType::kPhrase && any_content && !content) continue;
      index->AddPosting(unit.key, KeywordIndex::Posting{static_cast<int>(ti), static_cast<int>(units.size())});
      units.push_back(std::move(unit));
      ++t.unit_count;
    }
    triggers.push_back(std::move(t));
  }

  index->Finish();
  std::unique_ptr<const Matcher> matcher = std::make_unique<IndexedMatcher>(
      in.options, std::move(triggers), std::move(units), std::move(index), std::move(synonyms),
      std::move(group_keys), std::move(in.regexes), std::move(regex_triggers), slots.size(),
      std::move(in.known_stems), std::move(in.unrelated_words));
  MatcherOptions options = in.options;
  impl_ = std::make_unique<Impl>();  // the builder starts over empty
  impl_->options = options;
  return matcher;
}

}  // namespace switchboard
