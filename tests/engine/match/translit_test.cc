// Transliteration and the keyboard layout map.
#include <doctest/doctest.h>

#include <algorithm>

#include "match/translit.h"

using namespace switchboard::match;

namespace {
bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }
}  // namespace

TEST_CASE("LayoutToCyrillic maps QWERTY keys to ЙЦУКЕН letters") {
  CHECK(LayoutToCyrillic("ljcnfdrf") == "доставка");
  CHECK(LayoutToCyrillic("ghfqc") == "прайс");
  CHECK(LayoutToCyrillic("Ghbdtn") == "привет");
  CHECK(LayoutToCyrillic(";tycrbq") == "женский");
}

TEST_CASE("TranslitCandidates knows the common spellings") {
  auto all = [](std::string_view w) { return TranslitCandidates(w, nullptr, 1000); };
  CHECK(Has(all("dostavka"), "доставка"));
  CHECK(Has(all("strizhka"), "стрижка"));
  CHECK(Has(all("skolko"), "сколько"));
  CHECK(Has(all("schet"), "счет"));
  CHECK(Has(all("shchetka"), "щетка"));
  CHECK(Has(all("yazyk"), "язык"));
  CHECK(Has(all("tsena"), "цена"));
  CHECK(Has(all("tsvet"), "цвет"));
  CHECK(Has(all("khorosho"), "хорошо"));
  CHECK(Has(all("manikjur"), "маникюр"));
  CHECK(Has(all("manikyur"), "маникюр"));
}

TEST_CASE("TranslitCandidates follows only spellings the filter allows") {
  struct OnlyDostavka : TranslitFilter {
    Verdict Classify(std::string_view partial) const override {
      return std::string_view("доставка").substr(0, partial.size()) == partial ? kPrefix : kDead;
    }
  } filter;
  auto c = TranslitCandidates("dostavka", &filter, 8);
  REQUIRE(c.size() == 1);
  CHECK(c[0] == "доставка");
  CHECK(TranslitCandidates("price", &filter, 8).empty());
}
