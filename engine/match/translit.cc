// The transliteration table and the keyboard map. Transliteration is a depth-first
// walk over the table's options (several per Latin letter or digraph), pruned by the
// caller's vocabulary so that only spellings that can still become a known word are
// followed; an optional soft sign after each consonant covers "skolko" -> "сколько".
#include "match/translit.h"

#include <array>
#include <iterator>
#include <vector>

namespace switchboard::match {
namespace {

struct Rule {
  std::string_view latin;
  std::array<std::string_view, 4> cyrillic;  // options, most likely first; "" ends
};

// Longer rules first so that digraphs are tried before their letters.
constexpr Rule kRules[] = {
    {"shch", {"щ"}},      {"sch", {"щ", "сх"}},  {"sh", {"ш"}},        {"ch", {"ч"}},
    {"zh", {"ж"}},        {"kh", {"х"}},         {"ts", {"ц"}},        {"tz", {"ц"}},
    {"tc", {"ц"}},        {"ya", {"я"}},         {"ja", {"я"}},        {"ia", {"я"}},
    {"yu", {"ю"}},        {"ju", {"ю"}},         {"iu", {"ю"}},        {"yo", {"е"}},
    {"jo", {"е"}},        {"ye", {"е"}},         {"je", {"е"}},        {"ck", {"к"}},
    {"ph", {"ф"}},        {"a", {"а"}},          {"b", {"б"}},         {"c", {"ц", "к", "с"}},
    {"d", {"д"}},         {"e", {"е", "э"}},     {"f", {"ф"}},         {"g", {"г"}},
    {"h", {"х"}},         {"i", {"и", "ы", "й"}}, {"j", {"й", "ж"}},    {"k", {"к"}},
    {"l", {"л"}},         {"m", {"м"}},          {"n", {"н"}},         {"o", {"о"}},
    {"p", {"п"}},         {"q", {"к"}},          {"r", {"р"}},         {"s", {"с"}},
    {"t", {"т"}},         {"u", {"у"}},          {"v", {"в"}},         {"w", {"в"}},
    {"x", {"кс", "х"}},   {"y", {"ы", "й", "и", "ь"}}, {"z", {"з"}},
};

// The rules by their first Latin letter, in kRules' order: a step tries only those
// that can apply.
const std::array<std::vector<const Rule*>, 128>& RulesByLetter() {
  static const auto table = [] {
    std::array<std::vector<const Rule*>, 128> t;
    for (const Rule& rule : kRules) t[static_cast<unsigned char>(rule.latin[0]) & 0x7F].push_back(&rule);
    return t;
  }();
  return table;
}

constexpr std::string_view kSoftSign = "ь";
constexpr int kMaxSteps = 4000;  // bounds the walk for long unknown words

bool EndsWithConsonant(std::string_view s) {
  static constexpr std::string_view kConsonants[] = {"б", "в", "г", "д", "ж", "з", "к", "л", "м",
                                                     "н", "п", "р", "с", "т", "ф", "х", "ц", "ч",
                                                     "ш", "щ"};
  if (s.size() < 2) return false;
  std::string_view last = s.substr(s.size() - 2);
  for (std::string_view c : kConsonants) {
    if (c == last) return true;
  }
  return false;
}

class Walker {
 public:
  Walker(std::string_view latin, const TranslitFilter* filter, size_t limit,
         std::vector<std::string>* out)
      : latin_(latin), filter_(filter), limit_(limit), out_(out) {}

  void Walk(size_t pos, std::string* partial, bool free) {
    if (out_->size() >= limit_ || ++steps_ > kMaxSteps) return;
    if (pos == latin_.size()) {
      for (const std::string& s : *out_) {
        if (s == *partial) return;
      }
      out_->push_back(*partial);
      return;
    }
    const unsigned char next = static_cast<unsigned char>(latin_[pos]);
    if (next >= 0x80) return;  // no rule starts with it
    for (const Rule* rule_ptr : RulesByLetter()[next]) {
      const Rule& rule = *rule_ptr;
      if (latin_.compare(pos, rule.latin.size(), rule.latin) != 0) continue;
      for (std::string_view option : rule.cyrillic) {
        if (option.empty()) break;
        size_t mark = partial->size();
        partial->append(option);
        Step(pos + rule.latin.size(), partial, free);
        // An omitted soft sign: "skolko" -> "сколько", "mebel" -> "мебель".
        if (mark > 0 && EndsWithConsonant(*partial)) {
          partial->append(kSoftSign);
          Step(pos + rule.latin.size(), partial, free);
        }
        partial->resize(mark);
      }
    }
  }

 private:
  void Step(size_t pos, std::string* partial, bool free) {
    if (!free && filter_ != nullptr) {
      TranslitFilter::Verdict v = filter_->Classify(*partial);
      if (v == TranslitFilter::kDead) return;
      free = v == TranslitFilter::kStemReached;
    }
    Walk(pos, partial, free);
  }

  std::string_view latin_;
  const TranslitFilter* filter_;
  size_t limit_;
  std::vector<std::string>* out_;
  int steps_ = 0;
};

constexpr std::string_view kLatinKeys = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
constexpr std::string_view kShiftKeys = "QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>~";
constexpr std::string_view kCyrillicKeys[] = {
    "й", "ц", "у", "к", "е", "н", "г", "ш", "щ", "з", "х", "ъ", "ф", "ы", "в", "а", "п",
    "р", "о", "л", "д", "ж", "э", "я", "ч", "с", "м", "и", "т", "ь", "б", "ю", "е"};
static_assert(std::size(kCyrillicKeys) == kLatinKeys.size());
static_assert(kShiftKeys.size() == kLatinKeys.size());

}  // namespace

std::string LayoutToCyrillic(std::string_view typed) {
  std::string out;
  out.reserve(typed.size() * 2);
  for (char c : typed) {
    size_t k = kLatinKeys.find(c);
    if (k == std::string_view::npos) k = kShiftKeys.find(c);
    if (k == std::string_view::npos) {
      out.push_back(c);
    } else {
      out.append(kCyrillicKeys[k]);
    }
  }
  return out;
}

bool IsLayoutKey(char c) {
  // Called for every byte of every candidate token: a table, filled once.
  static const auto keys = [] {
    std::array<bool, 256> table{};
    for (char k : kLatinKeys) table[static_cast<unsigned char>(k)] = true;
    for (char k : kShiftKeys) table[static_cast<unsigned char>(k)] = true;
    return table;
  }();
  return keys[static_cast<unsigned char>(c)];
}

std::vector<std::string> TranslitCandidates(std::string_view latin, const TranslitFilter* filter,
                                            size_t limit) {
  std::vector<std::string> out;
  if (latin.empty() || limit == 0) return out;
  std::string partial;
  partial.reserve(latin.size() * 3);
  Walker walker(latin, filter, limit, &out);
  walker.Walk(0, &partial, false);
  return out;
}

}  // namespace switchboard::match
