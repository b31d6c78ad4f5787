// Edit distance and the symmetric-delete typo index.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "match/text_normalizer.h"
#include "match/typo_index.h"

using namespace switchboard::match;

namespace {
std::vector<int> Found(const TypoIndex& index, std::string_view word, int max_distance) {
  std::vector<int> out;
  index.Lookup(DecodeUtf8(word), max_distance, [&](int value, int) { out.push_back(value); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}
}  // namespace

TEST_CASE("EditDistance counts insertions, deletions, substitutions and swaps") {
  CHECK(EditDistance(DecodeUtf8("доставка"), DecodeUtf8("достака"), 2) == 1);
  CHECK(EditDistance(DecodeUtf8("маникюр"), DecodeUtf8("маникбр"), 2) == 1);
  CHECK(EditDistance(DecodeUtf8("маникюр"), DecodeUtf8("маинкюр"), 2) == 1);
  CHECK(EditDistance(DecodeUtf8("стол"), DecodeUtf8("стул"), 2) == 1);
  CHECK(EditDistance(DecodeUtf8("abcdef"), DecodeUtf8("uvwxyz"), 2) == 3);  // gives up past the limit
}

TEST_CASE("EditDistance agrees with the plain dynamic programme on random words") {
  // Optimal string alignment distance, the textbook way.
  auto reference = [](std::u32string_view a, std::u32string_view b) {
    std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
    for (size_t i = 1; i <= a.size(); ++i) {
      for (size_t j = 1; j <= b.size(); ++j) {
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.size()][b.size()];
  };
  std::mt19937 rng(11);
  const std::u32string alphabet = U"абвгaбc";
  for (int round = 0; round < 20000; ++round) {
    std::u32string a, b;
    const size_t n = rng() % (round % 50 == 0 ? 70 : 12);
    const size_t m = rng() % (round % 50 == 0 ? 70 : 12);
    for (size_t i = 0; i < n; ++i) a += alphabet[rng() % alphabet.size()];
    for (size_t i = 0; i < m; ++i) b += alphabet[rng() % alphabet.size()];
    const int max_distance = static_cast<int>(rng() % 4);
    INFO(round);
    REQUIRE(EditDistance(a, b, max_distance) == std::min(reference(a, b), max_distance + 1));
  }
}

TEST_CASE("TypoIndex finds words within the allowed distance only") {
  TypoIndex index;
  index.Add(DecodeUtf8("доставка"), 1, 1);
  index.Add(DecodeUtf8("маникюр"), 2, 1);
  index.Add(DecodeUtf8("консультация"), 3, 2);
  index.Finish();
  CHECK(Found(index, "достака", 1) == std::vector<int>{1});
  CHECK(Found(index, "маникбр", 1) == std::vector<int>{2});
  CHECK(Found(index, "консултацыя", 2) == std::vector<int>{3});
  CHECK(Found(index, "консултацыя", 1).empty());
  CHECK(Found(index, "дстака", 1).empty());  // two edits from доставка
  CHECK(Found(index, "доставка", 1).empty());  // exact is not a typo
}

TEST_CASE("TypoIndex neither indexes nor looks up words longer than kMaxTypoWordLength") {
  TypoIndex index;
  index.Add(DecodeUtf8("доставка"), 1, 1);
  std::u32string long_word(kMaxTypoWordLength + 1, U'д');
  index.Add(long_word, 2, 2);
  CHECK(index.size() == 1);
  size_t before = index.deletion_count();
  index.Add(std::u32string(4096, U'a'), 3, 2);
  CHECK(index.deletion_count() == before);
  index.Finish();
  // A 2,000-letter word would cost about two million deletion spellings at distance 2.
  int found = 0;
  CHECK(index.Lookup(std::u32string(2000, U'д'), 2, [&](int, int) { ++found; }) == 0);
  CHECK(found == 0);
  CHECK(index.Lookup(DecodeUtf8("достака"), 1, [&](int, int) { ++found; }) > 0);
  CHECK(found == 1);
}
