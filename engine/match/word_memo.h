// What a thread remembers about message words between messages, so that a word (or
// a whitespace token) seen before costs a hash lookup instead of being worked out
// again: a token's normalised words, and per matcher the corrections of a word
// (the keys its typos and Latin spellings reach). Everything remembered is a pure
// function of the word (and of the matcher, which is immutable; each matcher has a
// serial number that is never reused), so remembering changes no result.
// Not thread-safe: one per thread (matcher.cc keeps it in its thread-local scratch).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace switchboard::match {

// The index keys a misspelled or transliterated word reaches, in the order the
// typo index and the transliteration candidates gave them (-1: a candidate with no
// key), so that replaying them adds the same hits in the same order.
struct Corrections {
  std::vector<int> typo_keys;
  std::vector<int> translit_keys;
};

template <typename Value>
class WordMap {
 public:
  const Value* Find(std::string_view word) const {
    auto it = map_.find(word);
    return it == map_.end() ? nullptr : &it->second;
  }
  Value* Insert(std::string_view word, Value value) {
    return &map_.insert_or_assign(std::string(word), std::move(value)).first->second;
  }
  size_t size() const { return map_.size(); }
  void clear() { map_.clear(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Value, Hash, std::equal_to<>> map_;
};

// Corrections per matcher. Entries of a matcher that is gone stay until the limit
// clears everything.
class CorrectionMemo {
 public:
  // The corrections of `word` under matcher `serial`; `compute` fills them the first
  // time. The pointer lives until the next Trim.
  template <typename F>
  const Corrections& Get(uint64_t serial, std::string_view word, F&& compute) {
    if (serial != last_serial_ || last_ == nullptr) {
      last_ = &by_matcher_[serial];
      last_serial_ = serial;
    }
    if (const Corrections* found = last_->Find(word)) return *found;
    Corrections fresh;
    compute(&fresh);
    ++entries_;
    return *last_->Insert(word, std::move(fresh));
  }

  // Forgets everything once more than `limit` words are remembered; call only
  // between messages.
  void Trim(size_t limit) {
    if (entries_ <= limit) return;
    by_matcher_.clear();
    last_ = nullptr;
    entries_ = 0;
  }

 private:
  std::unordered_map<uint64_t, WordMap<Corrections>> by_matcher_;
  uint64_t last_serial_ = 0;
  WordMap<Corrections>* last_ = nullptr;
  size_t entries_ = 0;
};

}  // namespace switchboard::match
