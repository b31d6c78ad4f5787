// Regex triggers: the required literals read from patterns, and the RegexSet that
// skips patterns whose literal a message lacks, checked against the same patterns
// run the plain way (wrapped in a group, so that no literal is read from them).
#include <doctest/doctest.h>

#include <random>

#include "match/matcher.h"
#include "match/regex_set.h"
#include "match/required_literal.h"

using namespace switchboard;
using namespace switchboard::match;

namespace {

RequiredLiteral Literal(std::string_view pattern) { return FindRequiredLiteral(pattern, 4); }

std::string Describe(const std::vector<RegexSet::Hit>& hits) {
  std::string out;
  for (const auto& h : hits) {
    out += std::to_string(h.index) + "{";
    for (const auto& [name, value] : h.captures) out += name + "=" + value + ";";
    out += "} ";
  }
  return out;
}

}  // namespace

TEST_CASE("FindRequiredLiteral keeps the run every match must contain") {
  CHECK(Literal(R"(заказ\s+(?P<n>\d+))").text == "заказ");
  CHECK(Literal(R"(заказ\s+(?P<n>\d+))").leads);
  CHECK(Literal(R"(где\s+(мой\s+)?заказ\s+(?P<n>[a-z]{2}-\d+))").text == "где");  // the leading run
  CHECK(Literal(R"(\d+\s*(мой\s+)?заказ)").text == "заказ");  // else the longest
  CHECK_FALSE(Literal(R"(\d+\s*(мой\s+)?заказ)").leads);
  CHECK(Literal("Order NUMBER").text == "order number");  // folded as FoldCase does
  CHECK(Literal("ЗАКАЗ").text == "заказ");
  CHECK(Literal("orders?").text == "order");    // an optional letter is not required
  CHECK(Literal("orderx*y").text == "order");
  CHECK(Literal("orderx{0,2}").text == "order");
  CHECK(Literal("order+s").text == "order");    // one "r" at least, then the run ends
  CHECK(Literal(R"(a\.b\.c\.d)").text == "a.b.c.d");
  CHECK(Literal(R"([a-z]+ track\pL+)").text == " track");
  CHECK(Literal("straße").text == "stra");      // only ASCII and basic Cyrillic
}

TEST_CASE("FindRequiredLiteral gives up where it is not sure") {
  CHECK(Literal("order|refund").text.empty());    // top-level alternation
  CHECK(Literal("(?i)order").text.empty());       // flags
  CHECK(Literal(R"(\Qorder\E)").text.empty());    // quoting
  CHECK(Literal("(order)").text.empty());         // inside a group: may be an alternative
  CHECK(Literal("a{x}order").text.empty());       // a literal brace: not followed
  CHECK(Literal(R"(\d{3}\s\d{2})").text.empty());
}

TEST_CASE("HasOddCaseVariant spots the characters RE2 folds onto plain letters") {
  CHECK_FALSE(HasOddCaseVariant("заказ order"));
  CHECK(HasOddCaseVariant("\u212Aey"));     // Kelvin sign, a "k" to RE2
  CHECK(HasOddCaseVariant("\u017Fize"));    // long s
  CHECK(HasOddCaseVariant("д\u1C81ом"));    // old form of д
  CHECK_FALSE(HasOddCaseVariant("€ ≠"));
}

TEST_CASE("RegexSet finds what the plain set finds, captures included") {
  const std::vector<std::string> patterns = {
      R"(заказ\s+(?P<n>[a-z]{2}-\d{3,6}))",
      R"(где\s+(мой\s+)?заказ\s+(?P<n>\d+))",
      R"(track(ing)?\s*(?P<code>\w+))",
      R"(\d+\s*руб)",
      R"(скидк[аиу])",
      R"(кеды (?P<size>\d\d))",
      R"(size\s+(?P<s>\d+))",
      R"(ab+cd)",
      R"(^привет)",
      R"(order|refund)",
  };
  RegexSet fast, plain;
  for (const std::string& p : patterns) {
    REQUIRE(fast.Add(p).ok());
    REQUIRE(plain.Add("(?:" + p + ")").ok());
  }
  REQUIRE(fast.Compile().ok());
  REQUIRE(plain.Compile().ok());
  const std::vector<std::string> pieces = {
      "заказ", "ЗАКАЗ", "Заказ ", " ", "  ", "lm-1234", "AB-99999", "где", "мой", "123", "руб", "скидку",
      "Track", "tracking", "TRACK", "x9", "кеды", "КЕДЫ 42", "size", "SIZE 10", "abbbcd", "abcd", "acd",
      "привет", "order", "refund", "\u212Aеды", "\u017Fize 12", "\u1C81ом", "за\u1C82каз", ",", "?", "ё", "е"};
  std::mt19937 rng(7);
  for (int m = 0; m < 3000; ++m) {
    std::string message;
    const int n = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < n; ++k) message += pieces[rng() % pieces.size()];
    const std::string folded = FoldCase(message);
    std::vector<RegexSet::Hit> a, b;
    fast.Match(folded, message, &a);
    plain.Match(folded, message, &b);
    INFO(message);
    REQUIRE(Describe(a) == Describe(b));
  }
}
