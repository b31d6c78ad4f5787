// Tests of engine/actions/json_body.cc: request bodies built from rendered values.
#include "actions/json_body.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace switchboard {
namespace {

TEST_CASE("JsonObjectBody makes every value a JSON string") {
  CHECK(JsonObjectBody({{"service", "manicure"}, {"time", "10:00"}}) ==
        R"({"service":"manicure","time":"10:00"})");
  CHECK(JsonObjectBody({}) == "{}");
}

TEST_CASE("JsonObjectBody escapes text that looks like JSON") {
  std::string hostile = R"(Вера", "master": "anna\ and "quotes")" "\n\x01";
  std::string body = JsonObjectBody({{"name", hostile}, {"date", "2030-12-28"}});
  auto parsed = nlohmann::json::parse(body);
  CHECK(parsed.size() == 2);
  CHECK(parsed.at("name") == hostile);
  CHECK_FALSE(parsed.contains("master"));
}

TEST_CASE("JsonObjectBody keeps the last value of a repeated key at its first place") {
  CHECK(JsonObjectBody({{"a", "1"}, {"b", "2"}, {"a", "3"}}) == R"({"a":"3","b":"2"})");
}

TEST_CASE("JsonObjectBody replaces invalid UTF-8 instead of failing") {
  std::string body = JsonObjectBody({{"name", std::string("a\xff") + "b"}});
  auto parsed = nlohmann::json::parse(body);
  CHECK(parsed.at("name") == "a\xEF\xBF\xBD" "b");
}

}  // namespace
}  // namespace switchboard
