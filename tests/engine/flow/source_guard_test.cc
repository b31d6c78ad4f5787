// Tests for engine/flow/source_guard.cc: UTF-8 validation and the nesting pre-scan.
#include "flow/source_guard.h"

#include <doctest/doctest.h>

#include <string>

namespace switchboard {
namespace {

TEST_CASE("ValidateUtf8 accepts Cyrillic and emoji and reports the first bad byte") {
  TextPlace bad;
  CHECK(ValidateUtf8("привет 👋\nмир", &bad));
  CHECK_FALSE(ValidateUtf8("ok\nпр\xFFивет", &bad));
  CHECK(bad.line == 2);
  CHECK(bad.column == 3);
}

TEST_CASE("ValidateUtf8 rejects overlong forms, surrogates and truncated sequences") {
  TextPlace bad;
  CHECK_FALSE(ValidateUtf8("\xC0\xAF", &bad));          // overlong '/'
  CHECK_FALSE(ValidateUtf8("\xED\xA0\x80", &bad));      // U+D800
  CHECK_FALSE(ValidateUtf8("abc\xD0", &bad));           // cut short
  CHECK(bad.column == 4);
  CHECK_FALSE(ValidateUtf8("\xF4\x90\x80\x80", &bad));  // above U+10FFFF
}

TEST_CASE("NestingWithin counts indentation levels and flow brackets") {
  TextPlace where;
  CHECK(NestingWithin("a:\n  b:\n    c: [1, {d: 2}]\n", 5, &where));
  CHECK_FALSE(NestingWithin("a:\n  b:\n    c: [1, {d: 2}]\n", 4, &where));
  CHECK(where.line == 3);
  CHECK(where.column == 12);
}

TEST_CASE("NestingWithin counts several dashes on one line") {
  TextPlace where;
  // Four sequences and the item: counted as five (an upper bound).
  CHECK_FALSE(NestingWithin("- - - - x\n", 4, &where));
  CHECK(where.line == 1);
  CHECK(where.column == 9);
  CHECK(NestingWithin("- - - - x\n", 5, &where));
}

TEST_CASE("NestingWithin ignores brackets in quotes, comments, plain words and block scalars") {
  TextPlace where;
  std::string text =
      "regex: ['\\d{6,8}[[[[', \"[[[[\"]  # [[[[[[\n"
      "say: it's a[b] {c}\n"
      "text: |\n"
      "  [[[[[[[[[\n"
      "      deeper and deeper\n"
      "          still text\n"
      "next: 1\n";
  CHECK(NestingWithin(text, 2, &where));
}

TEST_CASE("NestingWithin refuses 10000 open brackets at the first level beyond the limit") {
  TextPlace where;
  CHECK_FALSE(NestingWithin(std::string(10000, '['), 64, &where));
  CHECK(where.line == 1);
  CHECK(where.column == 64);
}

TEST_CASE("NestingWithin counts brackets behind anchors and tags") {
  TextPlace where;
  CHECK_FALSE(NestingWithin("a: &x [&y [!t [!!seq [1]]]]\n", 3, &where));
  CHECK(where.column == 15);  // the third bracket, behind !t
  CHECK(NestingWithin("a: &x [&y [1]]\n", 3, &where));
}

TEST_CASE("Fragment keeps short text, cuts long text and escapes what could mislead") {
  CHECK(Fragment("запись") == "запись");
  CHECK(Fragment(std::string(50, 'x')) == std::string(40, 'x') + "...");
  CHECK(Fragment("ёёёёё", 3) == "ёёё...");
  CHECK(Fragment("a\nb\tc\x07" "d") == "a\\nb\\tc\\x07d");
  CHECK(Fragment("evil\u202egnp.exe") == "evil\\u202egnp.exe");
  CHECK(Fragment("bad\xFF byte") == "bad\\xff byte");
}

}  // namespace
}  // namespace switchboard
