// The Matcher end to end: word forms, typos, synonyms, transliteration, layout,
// word order, filler words, scoring, priorities, regexes and negatives.
#include <doctest/doctest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "match/matcher.h"

using namespace switchboard;

namespace {

std::unique_ptr<const Matcher> MustBuild(MatcherBuilder& b) {
  auto m = b.Build();
  REQUIRE(m.ok());
  return std::move(m).value();
}

// The best candidate for `target`, or score -1 when absent.
MatchCandidate For(const MatchResult& r, int target) {
  for (const auto& c : r.candidates) {
    if (c.target == target) return c;
  }
  MatchCandidate none;
  none.score = -1;
  return none;
}

double Score(const Matcher& m, std::string_view message, int target) {
  return For(m.Match(message, 0.0), target).score;
}

enum { kDelivery = 1, kPrice, kHaircut, kManicure, kBirthday, kHours, kOrder, kBooking, kTable };

std::unique_ptr<const Matcher> Salon() {
  MatcherBuilder b;
  b.AddSynonyms("цена", {"стоимость", "прайс", "почем"});
  b.AddSynonyms("запись", {"записаться на прием", "записаться"});
  b.AddKeyword(kDelivery, "доставка", "ru");
  b.AddKeyword(kPrice, "цена", "ru");
  b.AddKeyword(kPrice, "price", "en");
  b.AddPhrase(kHaircut, "сколько стоит стрижка", "ru");
  b.AddKeyword(kManicure, "маникюр", "ru");
  b.AddKeyword(kBirthday, "день рождения", "ru");
  b.AddPhrase(kHours, "когда вы открываетесь", "ru");
  b.AddKeyword(kBooking, "запись", "ru");
  b.AddKeyword(kTable, "стоп", "ru");
  REQUIRE(b.AddRegex(kOrder, R"(где\s+(мой\s+)?заказ\s+(?P<order_number>[a-z]{2}-\d+))").ok());
  return MustBuild(b);
}

}  // namespace

TEST_CASE("Matcher finds a keyword as written, with a score of 1") {
  auto m = Salon();
  auto c = For(m->Match("доставка"), kDelivery);
  CHECK(c.score == doctest::Approx(1.0));
  REQUIRE(c.words.size() == 1);
  CHECK(c.words[0].kind == WordMatchKind::kExact);
  CHECK(c.language == "ru");
}

TEST_CASE("Matcher finds a keyword in another word form") {
  auto m = Salon();
  auto c = For(m->Match("Доставкой!"), kDelivery);
  CHECK(c.score >= 0.9);
  REQUIRE(c.words.size() == 1);
  CHECK(c.words[0].kind == WordMatchKind::kStem);
  CHECK(Score(*m, "маникюра", kManicure) >= 0.9);
}

TEST_CASE("Matcher finds a keyword with a typo on longer words only") {
  auto m = Salon();
  auto c = For(m->Match("достака"), kDelivery);
  REQUIRE(c.words.size() == 1);
  CHECK(c.words[0].kind == WordMatchKind::kTypo);
  CHECK(c.score >= 0.75);
  CHECK(For(m->Match("маникбр"), kManicure).words.at(0).kind == WordMatchKind::kTypo);
  // "стоп" is too short for typos: "стол" and "стон" are other words.
  CHECK(Score(*m, "стол", kTable) < 0);
  CHECK(Score(*m, "стон", kTable) < 0);
}

TEST_CASE("Matcher does not read a word the bot knows as a typo of another") {
  // Issue 11: "почта" (mail) is one edit from "почем" (how much) by their stems
  // (почт, поч); a bot that knows the word "почта" reads it as written, so an
  // e-mail is not the price list.
  MatcherBuilder b;
  b.AddSynonyms("цена", {"почем"});
  b.AddKeyword(kPrice, "цена", "ru");
  b.AddKeyword(kDelivery, "почта", "ru");
  auto m = MustBuild(b);
  CHECK(Score(*m, "почта", kPrice) < 0);
  CHECK(Score(*m, "анна@почта", kPrice) < 0);
  CHECK(Score(*m, "почта", kDelivery) > 0.9);
  CHECK(Score(*m, "почем", kPrice) > 0.8);
}

TEST_CASE("Matcher honours typo_min_length") {
  MatcherOptions options;
  options.typo_min_length = 9;
  MatcherBuilder b(options);
  b.AddKeyword(1, "доставка", "ru");
  auto m = MustBuild(b);
  CHECK(Score(*m, "достака", 1) < 0);
}

TEST_CASE("Matcher finds Russian typed in Latin letters") {
  auto m = Salon();
  auto c = For(m->Match("dostavka"), kDelivery);
  REQUIRE(c.words.size() == 1);
  CHECK(c.words[0].kind == WordMatchKind::kTranslit);
  CHECK(c.language == "ru");
  CHECK(c.score >= 0.8);
  auto h = For(m->Match("skolko stoit strizhka"), kHaircut);
  CHECK(h.score >= 0.8);
  CHECK(h.words.size() == 3);
}

TEST_CASE("Matcher reads a loosely spelt ending in Latin letters") {
  MatcherBuilder b;
  b.AddKeyword(kBooking, "записаться", "ru");
  auto m = MustBuild(b);
  // "-tsya" is -ться with the soft sign left out and т+с read as ц.
  CHECK(Score(*m, "zapisatsya", kBooking) >= 0.8);
  CHECK(Score(*m, "zapisatsa", kBooking) >= 0.8);
}

TEST_CASE("Matcher finds Russian typed in the wrong keyboard layout") {
  auto m = Salon();
  auto c = For(m->Match("ljcnfdrf"), kDelivery);
  REQUIRE(c.words.size() == 1);
  CHECK(c.words[0].kind == WordMatchKind::kLayout);
  CHECK(c.language == "ru");
  // "прайс" is a synonym of "цена".
  CHECK(Score(*m, "ghfqc", kPrice) >= 0.8);
}

TEST_CASE("Matcher does not transliterate known English words") {
  auto m = Salon();
  auto r = m->Match("price");
  REQUIRE(!r.candidates.empty());
  CHECK(r.candidates[0].target == kPrice);
  CHECK(r.candidates[0].language == "en");
  CHECK(r.candidates[0].words.at(0).kind == WordMatchKind::kExact);
  CHECK(r.script_language == "en");
}

TEST_CASE("Matcher counts a synonym, including a multi-word one, as its canonical word") {
  auto m = Salon();
  auto c = For(m->Match("какая стоимость?"), kPrice);
  REQUIRE(c.words.size() == 1);
  CHECK(c.words[0].kind == WordMatchKind::kSynonym);
  CHECK(c.words[0].trigger_word == "цена");
  CHECK(c.words[0].message_word == "стоимость");
  auto b = For(m->Match("хочу записаться на прием"), kBooking);
  REQUIRE(b.words.size() == 1);
  CHECK(b.words[0].kind == WordMatchKind::kSynonym);
  CHECK(b.words[0].message_word == "записаться на прием");
  CHECK(b.score >= 0.85);
}

TEST_CASE("Matcher accepts a keyword's words in any order and needs all of them") {
  auto m = Salon();
  CHECK(Score(*m, "день рождения", kBirthday) >= 0.9);
  CHECK(Score(*m, "рождения день", kBirthday) >= 0.9);
  CHECK(Score(*m, "у меня день рождения!", kBirthday) >= 0.9);  // filler does not dilute
  CHECK(Score(*m, "добрый день", kBirthday) < 0.6);
}

TEST_CASE("Matcher counts words it has never heard of against a keyword") {
  auto m = Salon();
  double alone = Score(*m, "доставка", kDelivery);
  CHECK(alone >= 0.9);
  // Filler, politeness and generic words are neither for nor against.
  CHECK(Score(*m, "скажите пожалуйста а как у вас доставка", kDelivery) >= 0.9);
  // Flowers, a district, a city: another business's delivery, at best a question back.
  double elsewhere = Score(*m, "скажите пожалуйста работает ли у вас доставка цветов в соседний район города", kDelivery);
  CHECK(elsewhere < 0.45);
  CHECK(Score(*m, "доставка цветов", kDelivery) < 0.6);
  // Known words of other triggers weigh far less.
  CHECK(Score(*m, "доставка маникюр", kDelivery) >= 0.8);
}

TEST_CASE("Matcher takes words the bot says in its answers as known") {
  MatcherBuilder b;
  b.AddPhrase(kHaircut, "сколько стоит стрижка", "ru");
  b.AddKnownText("Женская стрижка — 2500 ₽, мужская — 1800 ₽");
  auto m = MustBuild(b);
  CHECK(Score(*m, "сколько стоит женская стрижка", kHaircut) >= 0.75);
  CHECK(Score(*m, "сколько стоит стрижка собаки", kHaircut) < 0.6);
}

TEST_CASE("Matcher does not correct a word it knows as written into another") {
  MatcherBuilder plain;
  plain.AddKeyword(kHours, "зайти", "ru");
  auto guessing = MustBuild(plain);
  CHECK(Score(*guessing, "сайте", kHours) > 0.5);  // one letter from the stem зайт
  MatcherBuilder b;
  b.AddKeyword(kHours, "зайти", "ru");
  b.AddKnownText("заказ на сайте");
  auto m = MustBuild(b);
  CHECK(m->Match("сайте", 0.0).candidates.empty());
  CHECK(Score(*m, "зайти", kHours) >= 0.95);
}

TEST_CASE("Matcher counts a word of another business against every answer, though it shares a stem") {
  MatcherBuilder b;
  b.AddKeyword(kDelivery, "доставка", "ru");
  b.AddKeyword(kHaircut, "не тот цвет", "ru");
  b.AddKnownText("цвет оттенок");
  b.AddUnrelatedText("цветы цветов");
  auto m = MustBuild(b);
  CHECK(Score(*m, "доставка", kDelivery) >= 0.95);
  MatchResult r = m->Match("доставка цветов", 0.0);
  CHECK(For(r, kDelivery).score < 0.5);
  CHECK(std::find(r.unknown_words.begin(), r.unknown_words.end(), "цветов") != r.unknown_words.end());
  CHECK(Score(*m, "не тот цвет", kHaircut) >= 0.95);  // only the spellings listed
  CHECK(Score(*m, "не тот цветов", kHaircut) < Score(*m, "не тот цвета", kHaircut));
}

TEST_CASE("Matcher tells which clause of the message each matched word is in") {
  MatcherBuilder b;
  b.AddKeyword(kHaircut, "сколько стоит маникюр", "ru");
  b.AddKeyword(kHours, "до скольки работаете", "ru");
  auto m = MustBuild(b);
  auto clauses = [&](std::string_view message, int target) {
    std::vector<int> out;
    for (const WordMatch& w : For(m->Match(message, 0.0), target).words) out.push_back(w.clause);
    return out;
  };
  // A conjunction begins a clause; so does a word after sentence punctuation.
  CHECK(clauses("сколько стоит маникюр и до скольки работаете", kHaircut) == std::vector<int>{0, 0, 0});
  CHECK(clauses("сколько стоит маникюр и до скольки работаете", kHours) == std::vector<int>{1, 1, 1});
  CHECK(clauses("маникюр сколько стоит? до скольки работаете", kHours) == std::vector<int>{1, 1, 1});
  CHECK(clauses("маникюр сколько стоит до скольки работаете", kHours) == std::vector<int>{0, 0, 0});
}

TEST_CASE("Matcher lets a greeting match only a message that says nothing more") {
  MatcherBuilder b;
  b.AddKeyword(kHours, "добрый день", "ru");
  b.AddKeyword(kDelivery, "доставка", "ru");
  auto m = MustBuild(b);
  CHECK(Score(*m, "добрый день", kHours) >= 0.9);
  CHECK(Score(*m, "Добрый день!", kHours) >= 0.9);
  MatchResult r = m->Match("добрый день, а доставка есть?", 0.0);
  REQUIRE_FALSE(r.candidates.empty());
  CHECK(r.candidates[0].target == kDelivery);
  CHECK(r.candidates[0].score >= 0.9);
  CHECK(For(r, kHours).score < 0.3);
}

TEST_CASE("Matcher does not let generic words carry a match alone") {
  MatcherBuilder b;
  b.AddKeyword(kPrice, "сколько стоит", "ru");
  auto m = MustBuild(b);
  CHECK(Score(*m, "сколько стоит", kPrice) < 0.6);
  CHECK(Score(*m, "сколько стоит абонемент в бассейн", kPrice) < 0.3);
  MatchResult r = m->Match("сколько стоит абонемент в бассейн", 0.0);
  CHECK(std::find(r.unknown_words.begin(), r.unknown_words.end(), "бассейн") != r.unknown_words.end());
}

TEST_CASE("Matcher reads a function word typed in Latin letters or the wrong layout as one") {
  MatcherBuilder b;
  b.AddKeyword(kBooking, "запись", "ru");
  auto m = MustBuild(b);
  // "mozhno" is можно and "vj;yj" is можно on Russian keys: generic, not unknown.
  CHECK(m->Match("mozhno zapis", 0.0).unknown_words.empty());
  CHECK(m->Match("vj;yj pfgbcm", 0.0).unknown_words.empty());
  CHECK(Score(*m, "vj;yj pfgbcm", kBooking) >= 0.6);
}

TEST_CASE("Matcher scores a phrase by its content words and the message it explains") {
  auto m = Salon();
  CHECK(Score(*m, "сколько стоит стрижка?", kHaircut) >= 0.95);
  CHECK(Score(*m, "стрижка сколько стоит", kHaircut) >= 0.95);
  CHECK(Score(*m, "сколько", kHaircut) < 0.6);
  // Filler words of the phrase ("вы") are not needed; word forms are fine.
  CHECK(Score(*m, "когда открываетесь", kHours) >= 0.9);
  CHECK(Score(*m, "когда открываются", kHours) >= 0.85);
}

TEST_CASE("Matcher returns one candidate per target, best first, above min_score") {
  auto m = Salon();
  auto r = m->Match("цена маникюра", 0.3);
  REQUIRE(r.candidates.size() == 2);
  CHECK(r.candidates[0].score >= r.candidates[1].score);
  for (const auto& c : r.candidates) CHECK(c.score >= 0.3);
  CHECK(m->Match("цена маникюра", 0.99).candidates.empty());
  // Both price triggers match "price цена": still one candidate for the target.
  auto p = m->Match("price цена");
  int price = 0;
  for (const auto& c : p.candidates) price += c.target == kPrice;
  CHECK(price == 1);
}

TEST_CASE("Matcher adds a small bonus for priority") {
  MatcherBuilder b;
  b.AddKeyword(1, "стрижка", "ru");
  b.AddKeyword(2, "стрижка", "ru", 3);
  b.AddKeyword(3, "стрижка", "ru", 1000);
  auto m = MustBuild(b);
  auto r = m->Match("стрижка");
  REQUIRE(r.candidates.size() == 3);
  CHECK(r.candidates[0].target == 3);
  CHECK(r.candidates[0].score == doctest::Approx(1.05));  // capped
  CHECK(r.candidates[1].target == 2);
  CHECK(r.candidates[1].score == doctest::Approx(1.03));
  CHECK(r.candidates[2].target == 1);
}

TEST_CASE("Matcher runs regexes and keeps the original case of captures") {
  auto m = Salon();
  auto r = m->Match("ГДЕ мой заказ LM-123?");
  auto c = For(r, kOrder);
  CHECK(c.regex);
  CHECK(c.score == doctest::Approx(1.0));
  REQUIRE(c.captures.size() == 1);
  CHECK(c.captures[0].first == "order_number");
  CHECK(c.captures[0].second == "LM-123");
  CHECK(!r.regex_fallback);
  CHECK(Score(*m, "где заказ", kOrder) < 0);
}

TEST_CASE("Matcher captures Cyrillic text and folds ё in patterns") {
  MatcherBuilder b;
  REQUIRE(b.AddRegex(1, R"(мастер\s+(?P<master>[а-я]+))").ok());
  REQUIRE(b.AddRegex(2, R"(ёлка)").ok());
  auto m = MustBuild(b);
  auto c = For(m->Match("Хочу к мастер Ольга, можно?"), 1);
  REQUIRE(c.captures.size() == 1);
  CHECK(c.captures[0].second == "Ольга");
  CHECK(Score(*m, "ЁЛКА", 2) == doctest::Approx(1.0));
  CHECK(Score(*m, "елка", 2) == doctest::Approx(1.0));
}

TEST_CASE("Matcher reports an invalid regex with RE2's message") {
  MatcherBuilder b;
  auto r = b.AddRegex(1, "заказ (\\d+");
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message().find("missing )") != std::string::npos);
}

TEST_CASE("Matcher tells the message's script") {
  auto m = Salon();
  CHECK(m->Match("Привет").script_language == "ru");
  CHECK(m->Match("hello").script_language == "en");
  CHECK(m->Match("hello привет").script_language == "ru");
  CHECK(m->Match("12345").script_language == "");
  CHECK(m->Match("").candidates.empty());
}

TEST_CASE("Matcher does not match unrelated messages") {
  auto m = Salon();
  for (const char* msg : {"спасибо, до свидания", "hello", "добрый вечер", "стройка", "достать билеты",
                          "стол", "ok", "🙂", "…", "dom"}) {
    auto r = m->Match(msg, 0.6);
    INFO(std::string(msg));
    CHECK(r.candidates.empty());
    if (!r.candidates.empty()) INFO(r.candidates[0].target);
  }
}

TEST_CASE("Matcher is safe for concurrent use") {
  auto m = Salon();
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        auto r = m->Match(i % 2 ? "ljcnfdrf" : "где заказ ab-12");
        ok[t] += !r.candidates.empty() && r.candidates[0].target == (i % 2 ? kDelivery : kOrder);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int v : ok) CHECK(v == 500);
}

TEST_CASE("Matcher looks up at most max_words words of a message") {
  MatcherOptions options;
  options.max_words = 50;
  MatcherBuilder b(options);
  b.AddKeyword(kDelivery, "доставка", "ru");
  auto m = MustBuild(b);
  std::string message = "доставка";
  for (int i = 0; i < 10000; ++i) message += " слово";
  MatchResult r = m->Match(message, 0.0);
  CHECK(r.words_considered == 50);
  CHECK(r.words_truncated);
  CHECK(For(r, kDelivery).score > 0);
  MatchResult short_one = m->Match("где доставка", 0.0);
  CHECK(short_one.words_considered == 2);
  CHECK_FALSE(short_one.words_truncated);
}

TEST_CASE("Matcher does not correct a very long word") {
  auto m = Salon();
  // Typo, transliteration and layout lookups all stop at a sane word length.
  CHECK(m->Match(std::string(4096, 'a'), 0.3).candidates.empty());
  std::string accents = "a";
  for (int i = 0; i < 3000; ++i) accents += "\u0301";
  CHECK(m->Match(accents, 0.3).candidates.empty());
  CHECK(Score(*m, "доставкаа", kDelivery) > 0.5);  // an ordinary typo still is
}

TEST_CASE("Matcher refuses a regex over the memory budget of one pattern") {
  MatcherBuilder b;
  // Compiles within RE2's default 8 MB; over the 1 MB a trigger may take.
  auto r = b.AddRegex(1, R"((\pL|\pN){0,60}x[а-я]{1,40}\w{30})");
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message().find("too large") != std::string::npos);
}

TEST_CASE("Matcher refuses the regex that takes the set past its budget, and builds the rest") {
  MatcherBuilder b;
  int accepted = 0;
  Status refused;
  for (int i = 0; i < 40 && refused.ok(); ++i) {
    auto r = b.AddRegex(i, R"((\pL|\pN){0,20}x)" + std::to_string(i));
    if (r.ok()) {
      ++accepted;
    } else {
      refused = r.status();
    }
  }
  CHECK(accepted >= 1);
  CHECK(accepted < 40);
  CHECK(refused.code() == StatusCode::kResourceExhausted);
  auto m = b.Build();
  REQUIRE(m.ok());
  CHECK(For((*m)->Match("abc x0", 0.0), 0).regex);
}
