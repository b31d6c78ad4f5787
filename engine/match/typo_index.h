// Typos: a symmetric-delete index over the trigger vocabulary. Every vocabulary word is
// stored under each spelling with up to d letters deleted; a message word finds its
// candidates by looking up its own deletions, so a lookup costs O(len^d) hash probes
// however large the vocabulary is. Candidates are then checked by true edit distance.
// The deletions are kept as one sorted array of (hash, entry) with a directory by the
// hash's top bits, rather than a hash map of vectors: built with one sort, a few
// allocations in all, and a lookup is one directory read and a short scan.
// Deletions grow as len^2 per word, so words longer than kMaxTypoWordLength are
// neither indexed nor looked up: nobody's typo is 33 letters long.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::match {

// Longest word (code points) that is indexed or looked up for typos.
inline constexpr size_t kMaxTypoWordLength = 32;

// Optimal string alignment distance (Levenshtein plus adjacent transpositions),
// giving up (returning max_distance + 1) once it exceeds max_distance.
int EditDistance(std::u32string_view a, std::u32string_view b, int max_distance);

// Add words, Finish once, then Lookup: safe for concurrent lookups after Finish.
class TypoIndex {
 public:
  TypoIndex() = default;
  TypoIndex(const TypoIndex&) = delete;  // large; owned by one matcher
  TypoIndex& operator=(const TypoIndex&) = delete;

  // Adds `word` (code points) with the caller's `value`, findable within
  // `max_distance` edits (0..2; 0 adds nothing, and so does a word longer than
  // kMaxTypoWordLength). The caller avoids duplicates.
  void Add(std::u32string_view word, int value, int max_distance);
  // Sorts the deletions; Lookup finds nothing before.
  void Finish();

  // Calls found(value, distance) for every added word within
  // min(max_distance, the word's own max_distance) edits of `word`, except exact
  // equals (distance 0). A value may be reported more than once. Returns the number
  // of deletion spellings probed: 0 for a word longer than kMaxTypoWordLength.
  template <typename F>
  size_t Lookup(std::u32string_view word, int max_distance, F&& found) const;

  size_t size() const { return entries_.size(); }
  // Deletion spellings indexed (one per word and distinct spelling).
  size_t deletion_count() const { return by_deletion_.size(); }

 private:
  struct Entry {
    uint32_t offset;  // of the word in letters_
    uint32_t length;
    int value;
    int max_distance;
  };
  struct Deletion {
    uint64_t hash;
    int entry;
    bool operator<(const Deletion& o) const { return hash != o.hash ? hash < o.hash : entry < o.entry; }
  };
  // Hashes of every distinct spelling of `word` with 0..max_distance (at most 2)
  // letters deleted, sorted.
  static void DeletionHashes(std::u32string_view word, int max_distance, std::vector<uint64_t>* out);

  std::u32string_view word(const Entry& e) const { return std::u32string_view(letters_).substr(e.offset, e.length); }

  std::u32string letters_;  // every entry's word, one after another
  std::vector<Entry> entries_;
  size_t longest_ = 0;  // the longest added word, in code points
  std::vector<Deletion> by_deletion_;  // sorted by Finish
  // by_deletion_[directory_[b] .. directory_[b + 1]) hold the hashes whose top
  // directory_bits_ bits are b.
  std::vector<uint32_t> directory_;
  int directory_bits_ = 0;
};

template <typename F>
size_t TypoIndex::Lookup(std::u32string_view word, int max_distance, F&& found) const {
  if (max_distance <= 0 || entries_.empty() || word.size() > kMaxTypoWordLength) return 0;
  // A word longer than every added word by more than max_distance is more edits
  // away than that from all of them.
  if (word.size() > longest_ + static_cast<size_t>(max_distance)) return 0;
  thread_local std::vector<uint64_t> deletions;
  thread_local std::vector<int> seen;
  deletions.clear();
  seen.clear();
  DeletionHashes(word, std::min(max_distance, 2), &deletions);
  if (directory_.empty()) return deletions.size();
  for (uint64_t d : deletions) {
    const size_t bucket = static_cast<size_t>(d >> (64 - directory_bits_));
    const Deletion* it = by_deletion_.data() + directory_[bucket];
    const Deletion* end = by_deletion_.data() + directory_[bucket + 1];
    while (it != end && it->hash < d) ++it;
    for (; it != end && it->hash == d; ++it) {
      const int e = it->entry;
      bool dup = false;
      for (int s : seen) dup |= s == e;
      if (dup) continue;
      seen.push_back(e);
      const Entry& entry = entries_[static_cast<size_t>(e)];
      int limit = std::min(max_distance, entry.max_distance);
      int dist = EditDistance(word, this->word(entry), limit);
      if (dist > 0 && dist <= limit) found(entry.value, dist);
    }
  }
  return deletions.size();
}

}  // namespace switchboard::match
