// The brute-force reference matcher. Slow on purpose: it recomputes the trigger words,
// synonym runs and vocabulary for every message.
#include "support/reference_matcher.h"

#include <algorithm>
#include <cmath>

#include "match/matcher.h"
#include "match/stemmer.h"
#include "match/stop_words.h"
#include "match/text_normalizer.h"
#include "match/translit.h"
#include "match/typo_index.h"
#include "match/word_roles.h"

namespace switchboard::testing {
namespace {

using match::Stem;

constexpr int kTypoMinLength = 5;
// The evidence rules of matcher.cc, restated.
constexpr double kGeneric = 0.35;
constexpr double kBase = 0.1;
constexpr double kUnknown = 2.2;
constexpr double kKnown = 0.12;
constexpr double kGenericOnly = 0.55;
constexpr double kFramingOnly = 0.5;

double Importance(const std::string& word) {
  return match::RoleOf(word) == match::WordRole::kGeneric ? kGeneric : 1.0;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  match::NormalizeWords(text, &words);
  return words;
}

std::vector<std::string> Stems(const std::vector<std::string>& words) {
  std::vector<std::string> stems;
  for (const auto& w : words) stems.push_back(Stem(w));
  return stems;
}

int TypoDistance(size_t length) {
  if (static_cast<int>(length) < kTypoMinLength) return 0;
  return length <= 8 ? 1 : 2;
}

// A trigger word or synonym run; key is "s:<stem>" or "g:<group>".
struct Unit {
  std::string key;
  std::string surface;
  bool content;
  double importance;
};

struct VocabularyWord {
  std::string surface;
  std::string stem;
  std::string key;
};

class ListFilter : public match::TranslitFilter {
 public:
  explicit ListFilter(const std::vector<VocabularyWord>* vocabulary) : vocabulary_(vocabulary) {}
  Verdict Classify(std::string_view partial) const override {
    if (match::Utf8Length(partial) >= 3) {
      for (const auto& v : *vocabulary_) {
        if (v.stem == partial) return kStemReached;
      }
    }
    for (const auto& v : *vocabulary_) {
      if (match::ScriptOf(v.surface) == match::Script::kCyrillic && v.surface.compare(0, partial.size(), partial) == 0) {
        return kPrefix;
      }
    }
    return kDead;
  }

 private:
  const std::vector<VocabularyWord>* vocabulary_;
};

}  // namespace

void ReferenceMatcher::AddSynonyms(std::string_view canonical, const std::vector<std::string>& variants) {
  std::vector<std::string> group{std::string(canonical)};
  group.insert(group.end(), variants.begin(), variants.end());
  groups_.push_back(std::move(group));
}

void ReferenceMatcher::AddKeyword(int target, std::string_view keyword, double priority) {
  triggers_.push_back(Trigger{target, true, std::string(keyword), priority});
}

void ReferenceMatcher::AddPhrase(int target, std::string_view phrase, double priority) {
  triggers_.push_back(Trigger{target, false, std::string(phrase), priority});
}

std::map<int, double> ReferenceMatcher::Match(std::string_view message) const {
  // Units of every trigger, and the vocabulary corrections may land on.
  std::vector<std::vector<Unit>> units(triggers_.size());
  std::vector<std::string> all_stems;
  std::vector<VocabularyWord> vocabulary;
  auto add_vocabulary = [&](const std::string& surface, const std::string& stem, const std::string& key) {
    for (const auto& v : vocabulary) {
      if (v.surface == surface && v.key == key) return;
    }
    vocabulary.push_back(VocabularyWord{surface, stem, key});
  };
  for (size_t g = 0; g < groups_.size(); ++g) {
    for (const auto& member : groups_[g]) {
      auto words = Words(member);
      if (words.size() == 1 && !match::IsStopWord(words[0])) add_vocabulary(words[0], Stem(words[0]), "g:" + std::to_string(g));
    }
  }
  // Synonym members starting at position i of stems, longest last.
  auto members_at = [&](const std::vector<std::string>& stems, size_t i) {
    std::vector<std::pair<size_t, size_t>> found;  // group, length
    for (size_t g = 0; g < groups_.size(); ++g) {
      for (const auto& member : groups_[g]) {
        auto ms = Stems(Words(member));
        if (ms.empty() || i + ms.size() > stems.size()) continue;
        if (std::equal(ms.begin(), ms.end(), stems.begin() + static_cast<std::ptrdiff_t>(i))) found.push_back({g, ms.size()});
      }
    }
    std::stable_sort(found.begin(), found.end(), [](auto& a, auto& b) { return a.second < b.second; });
    return found;
  };
  for (size_t t = 0; t < triggers_.size(); ++t) {
    auto words = Words(triggers_[t].text);
    auto stems = Stems(words);
    std::vector<Unit> found;
    for (size_t i = 0; i < words.size();) {
      auto members = members_at(stems, i);
      if (!members.empty()) {
        auto [g, len] = members.back();
        std::string surface = words[i];
        for (size_t k = i + 1; k < i + len; ++k) surface += " " + words[k];
        found.push_back(Unit{"g:" + std::to_string(g), surface, len > 1 || !match::IsStopWord(words[i]),
                             len > 1 ? 1.0 : Importance(words[i])});
        i += len;
        continue;
      }
      all_stems.push_back(stems[i]);
      bool content = !match::IsStopWord(words[i]);
      if (content) add_vocabulary(words[i], stems[i], "s:" + stems[i]);
      found.push_back(Unit{"s:" + stems[i], words[i], content, Importance(words[i])});
      ++i;
    }
    bool any_content = std::any_of(found.begin(), found.end(), [](const Unit& u) { return u.content; });
    for (auto& u : found) {
      if (!any_content || u.content) units[t].push_back(u);
    }
  }

  // The message's words, and how each reaches keys: key -> best (weight, content words).
  auto words = Words(message);
  auto stems = Stems(words);
  size_t n = words.size();
  std::vector<match::WordRole> roles;
  for (size_t i = 0; i < n; ++i) {
    bool pair = i > 0 && match::IsFramingPair(words[i - 1], words[i]);
    roles.push_back(pair ? match::WordRole::kFraming : match::RoleOf(words[i]));
  }
  auto neutral = [&](size_t i) {
    return roles[i] == match::WordRole::kFiller || roles[i] == match::WordRole::kFraming;
  };
  struct Reach {
    std::string key;
    size_t word;
    size_t span;
    double weight;  // for kStem: 0.95 or 1.0 decided per unit below
    bool stem_kind;
    std::string surface;
  };
  std::vector<Reach> reaches;
  std::vector<bool> found(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (std::find(all_stems.begin(), all_stems.end(), stems[i]) != all_stems.end()) {
      reaches.push_back(Reach{"s:" + stems[i], i, 1, 0.95, true, words[i]});
      found[i] = true;
    }
    for (auto [g, len] : members_at(stems, i)) {
      std::string surface = words[i];
      for (size_t k = i + 1; k < i + len; ++k) surface += " " + words[k];
      bool canonical = Stems(Words(groups_[g][0])) ==
                       std::vector<std::string>(stems.begin() + static_cast<std::ptrdiff_t>(i),
                                                stems.begin() + static_cast<std::ptrdiff_t>(i + len));
      reaches.push_back(Reach{"g:" + std::to_string(g), i, len, canonical ? 0.95 : 0.9, canonical, surface});
      for (size_t k = i; k < i + len; ++k) found[k] = true;
    }
  }
  auto vocabulary_key = [&](const std::string& stem) -> std::string {
    for (const auto& v : vocabulary) {
      if (v.stem == stem) return v.key;
    }
    return "";
  };
  ListFilter filter(&vocabulary);
  for (size_t i = 0; i < n; ++i) {
    if (found[i] || neutral(i) || match::HasDigit(words[i])) continue;
    // A Latin spelling of a Russian filler, framing or generic word takes its role.
    auto adopt = [&](const std::vector<std::string>& spellings) {
      for (const auto& c : spellings) {
        if (match::RoleOf(c) != match::WordRole::kContent) {
          roles[i] = match::RoleOf(c);
          return;
        }
      }
    };
    if (match::IsAsciiLetters(words[i])) adopt(match::TranslitCandidates(words[i], nullptr, 2));
    std::u32string w = match::DecodeUtf8(words[i]);
    std::u32string ws = match::DecodeUtf8(stems[i]);
    int d = TypoDistance(w.size());
    for (const auto& v : vocabulary) {
      std::u32string vs = match::DecodeUtf8(v.surface);
      std::u32string vst = match::DecodeUtf8(v.stem);
      int limit = std::min(d, TypoDistance(vs.size()));
      std::vector<std::u32string> queries{w};
      if (ws.size() != w.size() && ws.size() >= 3) queries.push_back(ws);
      std::vector<std::u32string> entries{vs};
      if (v.stem != v.surface && vst.size() >= 3) entries.push_back(vst);
      bool typo = false;
      for (const auto& q : queries) {
        for (const auto& e : entries) {
          int dist = match::EditDistance(q, e, limit);
          typo = typo || (limit > 0 && dist > 0 && dist <= limit);
        }
      }
      if (typo) reaches.push_back(Reach{v.key, i, 1, 0.8, false, words[i]});
    }
    if (match::IsAsciiLetters(words[i])) {
      for (const auto& c : match::TranslitCandidates(words[i], &filter, 8)) {
        std::string key = vocabulary_key(match::StemRussian(c));
        // A known stem followed by a loose ending of up to four letters.
        std::u32string letters = match::DecodeUtf8(c);
        for (size_t dropped = 1; key.empty() && dropped <= 4 && letters.size() >= dropped + 4; ++dropped) {
          std::string prefix;
          for (size_t k = 0; k + dropped < letters.size(); ++k) match::AppendUtf8(letters[k], &prefix);
          key = vocabulary_key(prefix);
        }
        if (!key.empty()) reaches.push_back(Reach{key, i, 1, 0.85, false, words[i]});
      }
      // Keyboard layout, for a message word that is a whole token of letters only.
      std::string converted = match::LayoutToCyrillic(words[i]);
      if (neutral(i)) continue;
      adopt(Words(converted));
      for (const auto& cw : Words(converted)) {
        std::string key = vocabulary_key(Stem(cw));
        if (!key.empty()) reaches.push_back(Reach{key, i, 1, 0.85, false, words[i]});
      }
    }
  }

  // Evidence: the weight of each message word, and of those no reach covers.
  auto evidence = [&](size_t i) {
    if (neutral(i) || match::HasDigit(words[i])) return 0.0;
    return roles[i] == match::WordRole::kGeneric ? kGeneric : 1.0;
  };
  auto specific = [&](size_t i) { return roles[i] == match::WordRole::kContent && !match::HasDigit(words[i]); };
  double message_evidence = 0;
  double unknown = 0;
  for (size_t i = 0; i < n; ++i) {
    message_evidence += evidence(i);
    bool reached = std::any_of(reaches.begin(), reaches.end(),
                               [&](const Reach& r) { return r.word <= i && i < r.word + r.span; });
    if (!reached && specific(i)) unknown += evidence(i);
  }
  std::map<int, double> best;
  for (size_t t = 0; t < triggers_.size(); ++t) {
    const auto& us = units[t];
    if (us.empty()) continue;
    double covered = 0;
    double importance = 0;
    int matched = 0;
    double explained = 0;
    int specifics = 0;
    for (const Unit& u : us) {
      importance += u.importance;
      double w = 0;
      double e = 0;
      int sp = 0;
      for (const Reach& r : reaches) {
        if (r.key != u.key) continue;
        double rw = (r.stem_kind && r.surface == u.surface) ? 1.0 : r.weight;
        if (rw > w) {
          w = rw;
          e = 0;
          sp = 0;
          for (size_t k = r.word; k < r.word + r.span; ++k) {
            e += evidence(k);
            sp += specific(k) ? 1 : 0;
          }
        }
      }
      if (w > 0) {
        ++matched;
        covered += u.importance * w;
        explained += e;
        specifics += sp;
      }
    }
    if (matched == 0) continue;
    if (triggers_[t].keyword && matched < static_cast<int>(us.size())) continue;
    explained = std::min(explained, message_evidence);
    double other = std::max(0.0, message_evidence - explained - unknown);
    double score = covered / importance * (explained + kBase) / (explained + kBase + kUnknown * unknown + kKnown * other);
    if (specifics == 0 && explained > 0) score *= kGenericOnly;
    if (explained == 0 && message_evidence > 0) score *= kFramingOnly;
    score += std::clamp(triggers_[t].priority * 0.01, -0.05, 0.05);
    auto it = best.find(triggers_[t].target);
    if (it == best.end() || score > it->second) best[triggers_[t].target] = score;
  }
  return best;
}

}  // namespace switchboard::testing
