// Tests for engine/flow/template.cc: parsing, slots, rendering, escapes.
#include "flow/template.h"

#include <doctest/doctest.h>

#include <map>

namespace switchboard {
namespace {

SlotLookup From(std::map<std::string, std::string> values) {
  return [values](std::string_view slot) -> std::optional<std::string> {
    auto it = values.find(std::string(slot));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST_CASE("Template renders slots with their values") {
  Result<Template> t = ParseTemplate("Hello, {{name}}! Your visit is on {{ date }}.");
  REQUIRE(t.ok());
  CHECK(Render(*t, From({{"name", "Anna"}, {"date", "2026-12-25"}})) ==
        "Hello, Anna! Your visit is on 2026-12-25.");
  CHECK(t->slots() == std::vector<std::string>{"name", "date"});
}

TEST_CASE("Template shows the fallback when a slot is empty or missing") {
  Result<Template> t = ParseTemplate("Hi {{name|dear guest}}, master: {{master|any}}");
  REQUIRE(t.ok());
  CHECK(Render(*t, From({{"name", ""}})) == "Hi dear guest, master: any");
  CHECK(Render(*t, From({{"master", "Olga"}})) == "Hi dear guest, master: Olga");
  CHECK(t->required_slots().empty());
  CHECK(t->optional_slots() == std::vector<std::string>{"name", "master"});
}

TEST_CASE("Template separates slots read with and without a fallback") {
  Result<Template> t = ParseTemplate("{{a}} {{b|x}} {{a}}");
  REQUIRE(t.ok());
  CHECK(t->slots() == std::vector<std::string>{"a", "b"});
  CHECK(t->required_slots() == std::vector<std::string>{"a"});
}

TEST_CASE("Template inserts values verbatim and never re-evaluates them") {
  Result<Template> t = ParseTemplate("Name: {{name}}");
  REQUIRE(t.ok());
  CHECK(Render(*t, From({{"name", "{{phone}}"}, {"phone", "+79161234567"}})) ==
        "Name: {{phone}}");
}

TEST_CASE("Template treats backslash-braces as literal braces") {
  Result<Template> t = ParseTemplate("Write \\{{name}} to get {{name}}");
  REQUIRE(t.ok());
  CHECK(Render(*t, From({{"name", "Anna"}})) == "Write {{name}} to get Anna");
  CHECK(t->slots() == std::vector<std::string>{"name"});
}

TEST_CASE("Template renders a missing slot without fallback as nothing") {
  Result<Template> t = ParseTemplate("[{{x}}]");
  REQUIRE(t.ok());
  CHECK(Render(*t, From({})) == "[]");
}

TEST_CASE("Template reports an unclosed {{ with its column in characters") {
  int column = 0;
  Result<Template> t = ParseTemplate("Привет, {{name", &column);
  REQUIRE_FALSE(t.ok());
  CHECK(column == 9);
  CHECK(t.status().message().find("unclosed '{{' at column 9") != std::string::npos);
}

TEST_CASE("Template reports an unclosed {{ followed by another template") {
  int column = 0;
  Result<Template> t = ParseTemplate("{{a {{b}}", &column);
  REQUIRE_FALSE(t.ok());
  CHECK(column == 1);
}

TEST_CASE("Template rejects braces that do not name a slot") {
  int column = 0;
  CHECK_FALSE(ParseTemplate("x {{}}", &column).ok());
  CHECK(column == 3);
  CHECK_FALSE(ParseTemplate("{{two words}}").ok());
}

TEST_CASE("Template without slots is one literal") {
  Result<Template> t = ParseTemplate("Plain } text { here");
  REQUIRE(t.ok());
  CHECK(t->slots().empty());
  CHECK(Render(*t, nullptr) == "Plain } text { here");
}

}  // namespace
}  // namespace switchboard
