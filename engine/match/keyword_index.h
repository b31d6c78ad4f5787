// The inverted index behind keyword and phrase triggers. Every trigger word is reduced
// to a key (its stem, or its synonym group) and the index maps each key to postings
// (trigger, word position). A message is matched by looking up its own words' keys, so
// the work per message grows with the postings it touches, not with the trigger count.
// The index also owns the vocabulary that typo, transliteration and keyboard-layout
// corrections may land on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "match/translit.h"
#include "match/typo_index.h"

namespace switchboard::match {

// Built once (Intern, AddPosting, AddVocabulary, then Finish), then read-only: safe
// for concurrent queries after Finish.
class KeywordIndex final : public TranslitFilter {
 public:
  struct Posting {
    int trigger;
    int unit;  // global index of the trigger word (see matcher.cc)
  };

  explicit KeywordIndex(int typo_min_length) : typo_min_length_(typo_min_length) {}
  KeywordIndex(const KeywordIndex&) = delete;  // large; owned by one matcher
  KeywordIndex& operator=(const KeywordIndex&) = delete;

  // The key for a stem ("стрижк") or a synonym group (GroupKeyName), created on first
  // use.
  int Intern(std::string_view name);
  static std::string GroupKeyName(int group);
  // The key, or -1 when no trigger uses it.
  int Find(std::string_view name) const;

  void AddPosting(int key, Posting posting);
  const std::vector<Posting>& postings(int key) const { return postings_[static_cast<size_t>(key)]; }

  // Declares that a message word spelled `surface` (stem `stem`) means `key`: the
  // target of corrections. Idempotent.
  void AddVocabulary(std::string_view surface, std::string_view stem, int key);

  // Ends the building: corrections are found only after it.
  void Finish() { typos_.Finish(); }

  // The key a correctly spelled stem stands for (a trigger word's or a one-word
  // synonym's), or -1.
  int VocabularyKey(std::string_view stem) const;

  // Calls found(key, distance) for vocabulary words and stems within the typo
  // distance allowed for a word of `word_length` letters (0 below typo_min_length, 1
  // up to 8 letters, 2 above, 0 again past kMaxTypoWordLength). `word` and `stem` are
  // the message word's code points. Returns the number of index probes made.
  template <typename F>
  size_t FindTypos(std::u32string_view word, std::u32string_view stem, F&& found) const;

  // Allowed edits for a word of `length` letters.
  int TypoDistance(size_t length) const;
  // Entries of the typo index (vocabulary words and stems that typos can reach).
  size_t typo_entries() const { return typos_.size(); }

  // TranslitFilter: follows spellings that begin some Cyrillic vocabulary word.
  Verdict Classify(std::string_view partial) const override;

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using StringMap = std::unordered_map<std::string, int, StringHash, std::equal_to<>>;

  int typo_min_length_;
  StringMap keys_;
  std::vector<std::vector<Posting>> postings_;
  StringMap vocabulary_stems_;  // stem -> key
  std::unordered_set<std::string, StringHash, std::equal_to<>> vocabulary_seen_;  // surface \0 key
  std::unordered_set<uint64_t> cyrillic_prefixes_;  // hashes of prefixes of Cyrillic words
  TypoIndex typos_;
};

template <typename F>
size_t KeywordIndex::FindTypos(std::u32string_view word, std::u32string_view stem, F&& found) const {
  int d = TypoDistance(word.size());
  if (d == 0) return 0;
  size_t probes = typos_.Lookup(word, d, found);
  // Short stems differ in a letter too easily ("пот" of "потом", "поч" of "почем").
  if (stem.size() != word.size() && stem.size() >= 4) probes += typos_.Lookup(stem, 1, found);
  return probes;
}

}  // namespace switchboard::match
