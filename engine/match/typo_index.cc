// Edit distance and the deletion-spelling index for typos. The distance of words up
// to 64 letters is computed 64 cells at a time (Hyyrö's bit-vector algorithm for the
// optimal string alignment distance); longer ones by the plain dynamic programme.
#include "match/typo_index.h"

#include <algorithm>
#include <cstdint>

namespace switchboard::match {
namespace {

// Optimal string alignment distance of `a` (1..64 letters) and `b`: each letter of
// b moves one column of the dynamic programme held as bit vectors of its vertical
// differences (H. Hyyrö, "A bit-vector algorithm for computing Levenshtein and
// Damerau edit distances", 2003).
int BitParallelDistance(std::u32string_view a, std::u32string_view b) {
  // Where each distinct letter of `a` occurs, as bits.
  char32_t letters[64];
  uint64_t masks[64];
  int distinct = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int k = 0;
    while (k < distinct && letters[k] != a[i]) ++k;
    if (k == distinct) {
      letters[distinct] = a[i];
      masks[distinct++] = 0;
    }
    masks[k] |= uint64_t{1} << i;
  }
  const uint64_t last = uint64_t{1} << (a.size() - 1);
  uint64_t vp = ~uint64_t{0};
  uint64_t vn = 0;
  uint64_t d0 = 0;
  uint64_t previous_match = 0;
  int distance = static_cast<int>(a.size());
  for (char32_t c : b) {
    uint64_t match = 0;
    for (int k = 0; k < distinct; ++k) {
      if (letters[k] == c) {
        match = masks[k];
        break;
      }
    }
    const uint64_t transposed = (((~d0) & match) << 1) & previous_match;
    d0 = (((match & vp) + vp) ^ vp) | match | vn | transposed;
    uint64_t hp = vn | ~(d0 | vp);
    uint64_t hn = d0 & vp;
    distance += (hp & last) != 0;
    distance -= (hn & last) != 0;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    previous_match = match;
  }
  return distance;
}

}  // namespace

int EditDistance(std::u32string_view a, std::u32string_view b, int max_distance) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > max_distance) return max_distance + 1;
  if (n == 0 || m == 0) return std::min(std::max(n, m), max_distance + 1);
  // Row minima never fall, so the programme below gives up exactly when the
  // distance passes max_distance: capping the full distance is the same.
  if (n <= 64) return std::min(BitParallelDistance(a, b), max_distance + 1);
  // Three rows of the dynamic programme: two back for transpositions.
  thread_local std::vector<int> rows;
  rows.assign(static_cast<size_t>(3 * (m + 1)), 0);
  int* prev2 = rows.data();
  int* prev = prev2 + (m + 1);
  int* cur = prev + (m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max_distance) return max_distance + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], max_distance + 1);
}

void TypoIndex::DeletionHashes(std::u32string_view word, int max_distance, std::vector<uint64_t>* out) {
  const size_t n = word.size();
  // Hash of the word without positions skip1 and skip2 (npos: none), without building it.
  auto hash_without = [&](size_t skip1, size_t skip2) {
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < n; ++k) {
      if (k == skip1 || k == skip2) continue;
      h ^= static_cast<uint64_t>(word[k]);
      h *= 1099511628211ull;
    }
    return h;
  };
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t begin = out->size();
  out->push_back(hash_without(kNone, kNone));
  if (max_distance >= 1 && n > 1) {
    for (size_t i = 0; i < n; ++i) out->push_back(hash_without(i, kNone));
  }
  if (max_distance >= 2 && n > 2) {
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) out->push_back(hash_without(i, j));
    }
  }
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(begin), out->end());
  out->erase(std::unique(out->begin() + static_cast<std::ptrdiff_t>(begin), out->end()), out->end());
}

void TypoIndex::Add(std::u32string_view word, int value, int max_distance) {
  if (max_distance <= 0 || word.size() > kMaxTypoWordLength) return;
  int id = static_cast<int>(entries_.size());
  entries_.push_back(Entry{static_cast<uint32_t>(letters_.size()), static_cast<uint32_t>(word.size()), value,
                           max_distance});
  letters_.append(word);
  longest_ = std::max(longest_, word.size());
  thread_local std::vector<uint64_t> deletions;
  deletions.clear();
  DeletionHashes(word, std::min(max_distance, 2), &deletions);
  for (uint64_t d : deletions) by_deletion_.push_back(Deletion{d, id});
}

void TypoIndex::Finish() {
  // About one hash per directory slot.
  directory_bits_ = 1;
  while (directory_bits_ < 30 && (size_t{1} << directory_bits_) < by_deletion_.size()) ++directory_bits_;
  const int shift = 64 - directory_bits_;
  const size_t slots = size_t{1} << directory_bits_;
  // A counting sort by slot (stable: entries stay in the order added), then each
  // slot's few hashes in order.
  directory_.assign(slots + 1, 0);
  for (const Deletion& d : by_deletion_) ++directory_[static_cast<size_t>(d.hash >> shift) + 1];
  for (size_t b = 0; b < slots; ++b) directory_[b + 1] += directory_[b];
  std::vector<Deletion> sorted(by_deletion_.size());
  std::vector<uint32_t> next(directory_.begin(), directory_.end() - 1);
  for (const Deletion& d : by_deletion_) sorted[next[static_cast<size_t>(d.hash >> shift)]++] = d;
  for (size_t b = 0; b < slots; ++b) {  // insertion sort: stable, and slots are short
    for (size_t i = directory_[b] + 1; i < directory_[b + 1]; ++i) {
      const Deletion d = sorted[i];
      size_t j = i;
      for (; j > directory_[b] && sorted[j - 1].hash > d.hash; --j) sorted[j] = sorted[j - 1];
      sorted[j] = d;
    }
  }
  by_deletion_ = std::move(sorted);
}

}  // namespace switchboard::match
