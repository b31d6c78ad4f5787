// A deliberately simple matcher for differential tests: no index, no scratch space,
// every trigger compared with every message word on each call. It follows the same
// rules as the indexed Matcher (engine/match/matcher.cc) and shares only the word-level
// helpers (normalising, stemming, edit distance, transliteration tables).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::testing {

// Not thread-safe; tests only.
class ReferenceMatcher {
 public:
  void AddSynonyms(std::string_view canonical, const std::vector<std::string>& variants);
  void AddKeyword(int target, std::string_view keyword, double priority = 0);
  void AddPhrase(int target, std::string_view phrase, double priority = 0);
  // The best score per target (before any threshold).
  std::map<int, double> Match(std::string_view message) const;

 private:
  struct Trigger {
    int target;
    bool keyword;
    std::string text;
    double priority;
  };
  std::vector<std::vector<std::string>> groups_;  // [0] is the canonical form
  std::vector<Trigger> triggers_;
};

}  // namespace switchboard::testing
