// Synonyms: words or phrases that mean the same ("прайс", "стоимость" -> "цена";
// "записаться на прием" -> "запись"). Each group has a key; a trigger word sequence
// that is any member of a group becomes that key, and so does a message word sequence.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace switchboard::match {

// Built once, then read-only: safe for concurrent lookups after the last Add.
class SynonymTable {
 public:
  // Adds a member of group `group`: its words' stems in order. `canonical` marks the
  // group's own name (a match on it is not a synonym match).
  void Add(int group, const std::vector<std::string>& stems, bool canonical);

  struct Hit {
    int group;
    int length;      // words of the message covered
    bool canonical;  // the member was the group's name
  };
  // Every member that starts at stems[pos], shortest first.
  void Find(const std::vector<std::string_view>& stems, size_t pos, std::vector<Hit>* hits) const;
  // False when no member starts with `stem`: Find then finds nothing there.
  bool StartsMember(std::string_view stem) const { return first_stems_.find(stem) != first_stems_.end(); }
  // The longest member starting at stems[pos], or a Hit with group -1.
  Hit Longest(const std::vector<std::string_view>& stems, size_t pos) const;

  bool empty() const { return members_.empty(); }
  int group_count() const { return group_count_; }

 private:
  struct Member {
    int group;
    bool canonical;
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Stems joined by '\x1f' -> the groups having that member.
  std::unordered_map<std::string, std::vector<Member>, StringHash, std::equal_to<>> members_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> first_stems_;  // of every member
  size_t max_words_ = 0;
  int group_count_ = 0;
};

}  // namespace switchboard::match
