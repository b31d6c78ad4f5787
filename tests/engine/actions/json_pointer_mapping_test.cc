// Tests of engine/actions/json_pointer_mapping.cc: slot values and button options
// picked out of JSON answers by RFC 6901 pointers.
#include "actions/json_pointer_mapping.h"

#include <doctest/doctest.h>

namespace switchboard {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("MapJsonResponse turns scalars into text and containers into compact JSON") {
  std::string body = R"({"id": "B-1001", "price": 2000, "rate": 1990.00, "big": 1e3,
      "confirmed": true, "note": null, "slots": [ {"id": "10:00"}, "11:00" ],
      "name": {"ru": "Маникюр", "en": "Manicure"}})";
  auto values = MapJsonResponse(body, {{"booking_id", "/id"},
                                       {"price", "/price"},
                                       {"rate", "/rate"},
                                       {"big", "/big"},
                                       {"confirmed", "/confirmed"},
                                       {"note", "/note"},
                                       {"slots", "/slots"},
                                       {"first_slot", "/slots/0/id"},
                                       {"name_ru", "/name/ru"},
                                       {"name", "/name"}});
  REQUIRE_MESSAGE(values.ok(), values.status().ToString());
  CHECK(*values == Pairs{{"booking_id", "B-1001"},
                         {"price", "2000"},
                         {"rate", "1990.00"},
                         {"big", "1e3"},
                         {"confirmed", "true"},
                         {"note", ""},
                         {"slots", R"([{"id":"10:00"},"11:00"])"},
                         {"first_slot", "10:00"},
                         {"name_ru", "Маникюр"},
                         {"name", R"({"en":"Manicure","ru":"Маникюр"})"}});
}

TEST_CASE("MapJsonResponse leaves out slots whose pointer does not resolve") {
  auto values = MapJsonResponse(R"({"a": [1, 2], "s": "text"})",
                                {{"x", "/missing"}, {"y", "/a/2"}, {"z", "/a/01"},
                                 {"w", "/s/0"}, {"v", "/a/-"}, {"u", "/a/1"}});
  REQUIRE(values.ok());
  CHECK(*values == Pairs{{"u", "2"}});
}

TEST_CASE("MapJsonResponse follows escaped pointer tokens and the whole-document pointer") {
  auto values = MapJsonResponse(R"({"a/b": 1, "m~n": 2, "": 3})",
                                {{"slash", "/a~1b"}, {"tilde", "/m~0n"}, {"empty", "/"},
                                 {"all", ""}});
  REQUIRE(values.ok());
  CHECK(*values == Pairs{{"slash", "1"}, {"tilde", "2"}, {"empty", "3"},
                         {"all", R"({"":3,"a/b":1,"m~n":2})"}});
}

TEST_CASE("MapJsonResponse accepts an empty body, as a 204 has") {
  auto values = MapJsonResponse("", {{"id", "/id"}});
  REQUIRE(values.ok());
  CHECK(values->empty());
  CHECK(MapJsonResponse(" \r\n", {{"id", "/id"}}).ok());
}

TEST_CASE("MapJsonResponse reports a body that is not JSON") {
  for (const char* body : {"<html>oops</html>", "{\"a\": 1", "{\"a\": 1} trailing", "\xff"}) {
    CAPTURE(body);
    auto values = MapJsonResponse(body, {{"a", "/a"}});
    REQUIRE_FALSE(values.ok());
    CHECK(values.status().code() == StatusCode::kInvalidArgument);
    CHECK(values.status().message().rfind("bad JSON: ", 0) == 0);
  }
}

TEST_CASE("MapJsonResponse refuses nesting deeper than 64 levels") {
  std::string deep = std::string(65, '[') + std::string(65, ']');
  CHECK_FALSE(MapJsonResponse(deep, {}).ok());
  std::string fine = std::string(64, '[') + std::string(64, ']');
  CHECK(MapJsonResponse(fine, {}).ok());
}

TEST_CASE("MapJsonResponse and ValidateJsonPointer refuse malformed pointers") {
  CHECK_FALSE(MapJsonResponse("{}", {{"a", "slots"}}).ok());
  CHECK_FALSE(MapJsonResponse("{}", {{"a", "/a~2"}}).ok());
  CHECK_FALSE(ValidateJsonPointer("/a~").ok());
  CHECK(ValidateJsonPointer("/name/ru").ok());
  CHECK(ValidateJsonPointer("").ok());
}

TEST_CASE("OptionsFromJson makes each string both value and label") {
  auto options = OptionsFromJson(R"(["10:00", "11:00", null, 12])", "", "");
  REQUIRE(options.ok());
  REQUIRE(options->size() == 3);
  CHECK((*options)[0].value == "10:00");
  CHECK((*options)[0].label == "10:00");
  CHECK((*options)[2].value == "12");
}

TEST_CASE("OptionsFromJson picks value and label of objects by pointers") {
  std::string masters = R"([
      {"id": "maria", "name": {"ru": "Мария", "en": "Maria"}},
      {"id": "svetlana", "name": {"ru": "Светлана"}},
      {"name": {"en": "Nobody"}},
      {"id": {"nested": 1}, "name": {"en": "Object id"}}])";
  auto options = OptionsFromJson(masters, "/id", "/name/en");
  REQUIRE(options.ok());
  REQUIRE(options->size() == 2);
  CHECK((*options)[0].value == "maria");
  CHECK((*options)[0].label == "Maria");
  CHECK((*options)[1].value == "svetlana");
  CHECK((*options)[1].label == "svetlana");  // no English name: the value stands in
}

TEST_CASE("OptionsFromJson refuses text that is not a JSON array") {
  for (const char* text : {R"({"id": 1})", "not json", "\"10:00\""}) {
    CAPTURE(text);
    auto options = OptionsFromJson(text, "/id", "/name");
    CHECK(options.status().code() == StatusCode::kInvalidArgument);
  }
  CHECK_FALSE(OptionsFromJson("[]", "id", "").ok());
}

}  // namespace
}  // namespace switchboard
