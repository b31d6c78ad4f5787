// Keys, postings and the correction vocabulary of the keyword index.
#include "match/keyword_index.h"

#include "match/text_normalizer.h"

namespace switchboard::match {
namespace {

uint64_t HashBytes(std::string_view s) { return std::hash<std::string_view>{}(s); }

constexpr size_t kMinStemForFreeWalk = 3;  // code points; shorter stems still prune

}  // namespace

int KeywordIndex::Intern(std::string_view name) {
  auto it = keys_.find(name);
  if (it != keys_.end()) return it->second;
  int key = static_cast<int>(postings_.size());
  keys_.emplace(std::string(name), key);
  postings_.emplace_back();
  return key;
}

std::string KeywordIndex::GroupKeyName(int group) { return "\x01group:" + std::to_string(group); }

int KeywordIndex::Find(std::string_view name) const {
  auto it = keys_.find(name);
  return it == keys_.end() ? -1 : it->second;
}

void KeywordIndex::AddPosting(int key, Posting posting) {
  postings_[static_cast<size_t>(key)].push_back(posting);
}

void KeywordIndex::AddVocabulary(std::string_view surface, std::string_view stem, int key) {
  std::string seen_key(surface);
  seen_key.push_back('\0');
  seen_key += std::to_string(key);
  if (!vocabulary_seen_.insert(std::move(seen_key)).second) return;
  vocabulary_stems_.emplace(std::string(stem), key);  // first key wins for a shared stem
  std::u32string word = DecodeUtf8(surface);
  int d = TypoDistance(word.size());
  typos_.Add(word, key, d);
  if (stem != surface && Utf8Length(stem) >= 3) typos_.Add(DecodeUtf8(stem), key, d);
  if (ScriptOf(surface) == Script::kCyrillic) {
    for (size_t i = 1; i <= surface.size(); ++i) {
      if (i == surface.size() || (static_cast<unsigned char>(surface[i]) & 0xC0) != 0x80) {
        cyrillic_prefixes_.insert(HashBytes(surface.substr(0, i)));
      }
    }
  }
}

int KeywordIndex::VocabularyKey(std::string_view stem) const {
  auto it = vocabulary_stems_.find(stem);
  return it == vocabulary_stems_.end() ? -1 : it->second;
}

int KeywordIndex::TypoDistance(size_t length) const {
  if (static_cast<int>(length) < typo_min_length_ || length > kMaxTypoWordLength) return 0;
  return length <= 8 ? 1 : 2;
}

TranslitFilter::Verdict KeywordIndex::Classify(std::string_view partial) const {
  if (Utf8Length(partial) >= kMinStemForFreeWalk && vocabulary_stems_.count(partial) > 0) {
    return kStemReached;
  }
  return cyrillic_prefixes_.count(HashBytes(partial)) > 0 ? kPrefix : kDead;
}

}  // namespace switchboard::match
