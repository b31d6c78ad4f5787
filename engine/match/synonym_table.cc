// Synonym members are looked up by their joined stems, so word forms of a member
// ("записалась на прием") count as the member.
#include "match/synonym_table.h"

#include <algorithm>

namespace switchboard::match {

void SynonymTable::Add(int group, const std::vector<std::string>& stems, bool canonical) {
  if (stems.empty()) return;
  std::string key;
  for (const std::string& s : stems) {
    if (!key.empty()) key.push_back('\x1f');
    key += s;
  }
  std::vector<Member>& list = members_[key];
  for (const Member& m : list) {
    if (m.group == group) return;
  }
  list.push_back(Member{group, canonical});
  first_stems_.insert(stems.front());
  max_words_ = std::max(max_words_, stems.size());
  group_count_ = std::max(group_count_, group + 1);
}

void SynonymTable::Find(const std::vector<std::string_view>& stems, size_t pos, std::vector<Hit>* hits) const {
  if (members_.empty()) return;
  std::string key;
  for (size_t len = 1; len <= max_words_ && pos + len <= stems.size(); ++len) {
    if (len > 1) key.push_back('\x1f');
    key += stems[pos + len - 1];
    auto it = members_.find(std::string_view(key));
    if (it == members_.end()) continue;
    for (const Member& m : it->second) hits->push_back(Hit{m.group, static_cast<int>(len), m.canonical});
  }
}

SynonymTable::Hit SynonymTable::Longest(const std::vector<std::string_view>& stems, size_t pos) const {
  std::vector<Hit> hits;
  Find(stems, pos, &hits);
  if (hits.empty()) return Hit{-1, 0, false};
  return hits.back();
}

}  // namespace switchboard::match
