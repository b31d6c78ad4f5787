// NormalizeText and FoldCase: case, ё, punctuation, emoji, NFC; script detection.
#include <doctest/doctest.h>

#include "match/matcher.h"
#include "match/text_normalizer.h"

using namespace switchboard;

TEST_CASE("NormalizeText lower-cases Latin and Cyrillic and folds ё to е") {
  CHECK(NormalizeText("ЁЛКА Price") == "елка price");
  CHECK(NormalizeText("Всё ещё") == "все еще");
}

TEST_CASE("NormalizeText turns punctuation and emoji into word separators") {
  CHECK(NormalizeText("Привет!!! Как дела?🙂👍") == "привет как дела");
  CHECK(NormalizeText("цена,стрижки...") == "цена стрижки");
  CHECK(NormalizeText("  ,;  ") == "");
  CHECK(NormalizeText("LM-123") == "lm 123");
}

TEST_CASE("NormalizeText composes a decomposed й (NFC)") {
  // и + combining breve
  CHECK(NormalizeText("за\xD0\xB8\xCC\x86ти") == "зайти");
  CHECK(NormalizeText("ЗА\xD0\x98\xCC\x86ТИ") == "зайти");
}

TEST_CASE("NormalizeText survives invalid UTF-8") {
  CHECK(NormalizeText("abc\xFF\xFE def") == "abc def");
}

TEST_CASE("FoldCase keeps the byte length so offsets map back") {
  std::string text = "Где ЗАКАЗ LM-123? Ёлка ß";
  std::string folded = FoldCase(text);
  CHECK(folded.size() == text.size());
  CHECK(folded == "где заказ lm-123? елка ß");
}

TEST_CASE("ScriptOf tells Cyrillic, Latin and digits apart") {
  CHECK(match::ScriptOf("доставка") == match::Script::kCyrillic);
  CHECK(match::ScriptOf("price") == match::Script::kLatin);
  CHECK(match::ScriptOf("123") == match::Script::kNone);
}
