// Snowball stems: word forms of a word share one stem.
#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "match/stemmer.h"

using switchboard::match::Stem;

TEST_CASE("Stem gives Russian word forms one stem") {
  CHECK(Stem("стрижку") == Stem("стрижка"));
  CHECK(Stem("стрижки") == Stem("стрижка"));
  CHECK(Stem("открываетесь") == Stem("открываются"));
  CHECK(Stem("стрижка") != Stem("стройка"));
}

TEST_CASE("Stem gives English word forms one stem") {
  CHECK(Stem("booking") == Stem("book"));
  CHECK(Stem("prices") == Stem("price"));
}

TEST_CASE("Stem leaves numbers and other scripts alone") {
  CHECK(Stem("123") == "123");
  CHECK(Stem("lm123") == "lm123");
}

TEST_CASE("Stem works from several threads at once") {
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) ok[t] += Stem("стрижками") == Stem("стрижка") && Stem("booking") == "book";
    });
  }
  for (auto& th : threads) th.join();
  for (int v : ok) CHECK(v == 2000);
}
