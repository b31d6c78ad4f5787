// The indexed Matcher against the brute-force ReferenceMatcher: on a few hundred
// generated messages (word forms, typos, transliteration, wrong layout, synonyms,
// filler, shuffled order) both must find the same targets with the same scores.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <sstream>

#include "match/matcher.h"
#include "match/text_normalizer.h"
#include "match/translit.h"
#include "support/reference_matcher.h"

using namespace switchboard;

namespace {

const std::vector<std::string> kRussian = {
    "доставка", "стрижка", "маникюр", "педикюр", "окрашивание", "запись", "мастер", "цена", "скидка",
    "сертификат", "адрес", "телефон", "отмена", "перенос", "парковка", "консультация", "укладка",
    "брови", "ресницы", "массаж", "депиляция", "оплата", "карта", "подарок", "суббота", "время"};
const std::vector<std::string> kEnglish = {"price", "booking", "haircut", "manicure", "address", "parking",
                                           "cancel", "gift", "card", "payment", "massage", "hours"};
const std::vector<std::string> kFiller = {"а", "мне", "я", "у", "вас", "пожалуйста", "please", "the", "i",
                                          "можно", "ли", "есть", "как", "очень", "срочно", "сегодня"};

std::string ToLatin(const std::u32string& word) {
  static const std::map<char32_t, std::string> table = {
      {U'а', "a"}, {U'б', "b"}, {U'в', "v"}, {U'г', "g"}, {U'д', "d"}, {U'е', "e"}, {U'ж', "zh"},
      {U'з', "z"}, {U'и', "i"}, {U'й', "y"}, {U'к', "k"}, {U'л', "l"}, {U'м', "m"}, {U'н', "n"},
      {U'о', "o"}, {U'п', "p"}, {U'р', "r"}, {U'с', "s"}, {U'т', "t"}, {U'у', "u"}, {U'ф', "f"},
      {U'х', "kh"}, {U'ц', "ts"}, {U'ч', "ch"}, {U'ш', "sh"}, {U'щ', "sch"}, {U'ъ', ""}, {U'ы', "y"},
      {U'ь', ""}, {U'э', "e"}, {U'ю', "yu"}, {U'я', "ya"}};
  std::string out;
  for (char32_t c : word) {
    auto it = table.find(c);
    if (it != table.end()) out += it->second;
  }
  return out;
}

std::string ToLayout(const std::u32string& word) {
  static std::map<std::string, char> keys = [] {
    std::map<std::string, char> m;
    for (char c : std::string("qwertyuiopasdfghjklzxcvbnm")) m[match::LayoutToCyrillic(std::string(1, c))] = c;
    return m;
  }();
  std::string out;
  for (char32_t c : word) {
    std::string s;
    match::AppendUtf8(c, &s);
    auto it = keys.find(s);
    if (it != keys.end()) out.push_back(it->second);
  }
  return out;
}

std::string Encode(const std::u32string& w) {
  std::string s;
  for (char32_t c : w) match::AppendUtf8(c, &s);
  return s;
}

// A message word made from a trigger word, changed in one of several ways.
std::string Mutate(const std::string& word, std::mt19937& rng) {
  std::u32string w = match::DecodeUtf8(word);
  bool cyrillic = match::ScriptOf(word) == match::Script::kCyrillic;
  switch (rng() % 6) {
    case 0:
      return word;
    case 1: {  // another word form
      if (!cyrillic) return word + "s";
      static const std::u32string endings[] = {U"у", U"и", U"ой", U"ами"};
      w.back() = endings[rng() % 4][0];
      return Encode(w);
    }
    case 2: {  // a typo: a deleted, doubled or swapped letter
      size_t i = 1 + rng() % (w.size() - 2);
      int kind = static_cast<int>(rng() % 3);
      if (kind == 0) w.erase(i, 1);
      if (kind == 1) w.insert(i, 1, w[i]);
      if (kind == 2) std::swap(w[i], w[i + 1]);
      return Encode(w);
    }
    case 3:
      return cyrillic ? ToLatin(w) : word;
    case 4:
      return cyrillic ? ToLayout(w) : word;
    default: {
      std::string s = word;
      s[0] = static_cast<char>(s[0]);  // unchanged, capitalised below by the caller sometimes
      return s;
    }
  }
}

}  // namespace

TEST_CASE("Matcher agrees with the brute-force reference on generated messages") {
  std::mt19937 rng(20240611);
  MatcherBuilder builder;
  testing::ReferenceMatcher reference;
  builder.AddSynonyms("цена", {"стоимость", "прайс"});
  reference.AddSynonyms("цена", {"стоимость", "прайс"});
  builder.AddSynonyms("запись", {"записаться на прием"});
  reference.AddSynonyms("запись", {"записаться на прием"});
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  for (int t = 0; t < 60; ++t) {
    const auto& pool = rng() % 4 == 0 ? kEnglish : kRussian;
    std::string text = pick(pool);
    int words = 1 + static_cast<int>(rng() % 3);
    for (int k = 1; k < words; ++k) text += " " + pick(pool);
    double priority = static_cast<double>(rng() % 3);
    if (rng() % 2 == 0) {
      builder.AddKeyword(t, text, "", priority);
      reference.AddKeyword(t, text, priority);
    } else {
      std::string phrase = text + " " + pick(kFiller);
      builder.AddPhrase(t, phrase, "", priority);
      reference.AddPhrase(t, phrase, priority);
    }
  }
  auto built = builder.Build();
  REQUIRE(built.ok());
  const Matcher& matcher = **built;

  int matched_messages = 0;
  for (int m = 0; m < 400; ++m) {
    std::vector<std::string> words;
    int content = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < content; ++k) words.push_back(Mutate(pick(rng() % 4 == 0 ? kEnglish : kRussian), rng));
    if (rng() % 5 == 0) words.push_back(rng() % 2 ? "стоимость" : "записаться на прием");
    int filler = static_cast<int>(rng() % 4);
    for (int k = 0; k < filler; ++k) words.push_back(pick(kFiller));
    std::shuffle(words.begin(), words.end(), rng);
    std::string message;
    for (const auto& w : words) message += (message.empty() ? "" : " ") + w;
    if (rng() % 3 == 0) message += "?";

    std::map<int, double> expected;
    for (const auto& [target, score] : reference.Match(message)) {
      if (score >= 0.5) expected[target] = score;
    }
    std::map<int, double> actual;
    for (const auto& c : matcher.Match(message, 0.5).candidates) actual[c.target] = c.score;
    matched_messages += !actual.empty();
    INFO(message);
    REQUIRE(actual.size() == expected.size());
    for (const auto& [target, score] : expected) {
      REQUIRE(actual.count(target) == 1);
      CHECK(actual[target] == doctest::Approx(score).epsilon(1e-6));
    }
  }
  CHECK(matched_messages > 200);  // the generator does produce matches
}
