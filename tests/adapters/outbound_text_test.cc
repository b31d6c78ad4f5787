// Fitting replies to messengers' limits: lengths, splitting, numbered options.
#include "adapters/common/outbound_text.h"

#include <doctest/doctest.h>

namespace switchboard::adapters {
namespace {

TEST_CASE("TextLength counts code points, and UTF-16 units outside the BMP twice") {
  CHECK(TextLength("привет", TextUnit::kCodePoints) == 6);
  CHECK(TextLength("a😀", TextUnit::kCodePoints) == 2);
  CHECK(TextLength("a😀", TextUnit::kUtf16) == 3);
}

TEST_CASE("SplitText keeps a short text whole and gives nothing for an empty one") {
  CHECK(SplitText("Hello.", 10, TextUnit::kCodePoints) == std::vector<std::string>{"Hello."});
  CHECK(SplitText("  \n", 10, TextUnit::kCodePoints).empty());
}

TEST_CASE("SplitText cuts at paragraphs, then sentences, then words, each piece within the limit") {
  std::string text = "First paragraph here.\n\nSecond one is here. It has two sentences.";
  auto pieces = SplitText(text, 45, TextUnit::kCodePoints);
  REQUIRE(pieces.size() == 2);
  CHECK(pieces[0] == "First paragraph here.");
  CHECK(pieces[1] == "Second one is here. It has two sentences.");
  auto words = SplitText("one two three four five six", 10, TextUnit::kCodePoints);
  for (const auto& p : words) CHECK(TextLength(p, TextUnit::kCodePoints) <= 10);
  CHECK(words.front() == "one two");
}

TEST_CASE("SplitText never cuts a character in two, even inside a long word") {
  std::string word;
  for (int i = 0; i < 50; ++i) word += "ж😀";
  auto pieces = SplitText(word, 7, TextUnit::kUtf16);
  std::string joined;
  for (const auto& p : pieces) {
    CHECK(TextLength(p, TextUnit::kUtf16) <= 7);
    joined += p;
  }
  CHECK(joined == word);
}

TEST_CASE("WithNumberedOptions numbers the buttons as the engine does and writes links out") {
  std::vector<Button> buttons = {{"Haircut", "~1.0", ButtonAction::kChoose, "cut"},
                                 {"Our site", "", ButtonAction::kLink, "https://lumi.example"},
                                 {"Colouring", "~1.1", ButtonAction::kChoose, "color"}};
  CHECK(WithNumberedOptions("Which service?", buttons) ==
        "Which service?\n\n1. Haircut\nOur site: https://lumi.example\n2. Colouring");
}

TEST_CASE("Quick replies become buttons that send their label as text") {
  auto buttons = QuickReplyButtons({"Book", "", std::string(70, 'x')}, 64);
  REQUIRE(buttons.size() == 1);
  CHECK(buttons[0].payload == "t:Book");
  CHECK(QuickReplyText(buttons[0].payload) == "Book");
  CHECK(QuickReplyText("~3.1").empty());
  CHECK(WithQuickReplies("Anything else?", {"Book", "Prices"}) == "Anything else?\n\nBook · Prices");
}

}  // namespace
}  // namespace switchboard::adapters
