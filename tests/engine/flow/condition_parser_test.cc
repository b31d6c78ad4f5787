// Tests for engine/flow/condition_parser.cc.
#include "flow/condition_parser.h"

#include <doctest/doctest.h>

namespace switchboard {
namespace {

TEST_CASE("ParseCondition reads clauses joined by and") {
  Result<ConditionAst> c = ParseCondition("service == manicure and not master and age >= 18");
  REQUIRE(c.ok());
  REQUIRE(c->all_of.size() == 3);
  CHECK(c->all_of[0].slot == "service");
  CHECK(c->all_of[0].op == ConditionOp::kEq);
  CHECK(c->all_of[0].values == std::vector<std::string>{"manicure"});
  CHECK(c->all_of[1].slot == "master");
  CHECK(c->all_of[1].op == ConditionOp::kIsUnset);
  CHECK(c->all_of[2].op == ConditionOp::kGe);
  CHECK(c->all_of[2].values == std::vector<std::string>{"18"});
  CHECK(c->source == "service == manicure and not master and age >= 18");
}

TEST_CASE("ParseCondition reads existence checks, in-lists, quotes and every operator") {
  Result<ConditionAst> c =
      ParseCondition("phone and service in [manicure, 'hair cut'] and a != \"x y\" and b < 1 and "
                     "c <= 2.5 and d > -3 and e >= 4");
  REQUIRE(c.ok());
  REQUIRE(c->all_of.size() == 7);
  CHECK(c->all_of[0].op == ConditionOp::kIsSet);
  CHECK(c->all_of[1].op == ConditionOp::kIn);
  CHECK(c->all_of[1].values == std::vector<std::string>{"manicure", "hair cut"});
  CHECK(c->all_of[2].op == ConditionOp::kNe);
  CHECK(c->all_of[2].values[0] == "x y");
  CHECK(c->all_of[3].op == ConditionOp::kLt);
  CHECK(c->all_of[4].op == ConditionOp::kLe);
  CHECK(c->all_of[5].op == ConditionOp::kGt);
  CHECK(c->all_of[6].op == ConditionOp::kGe);
}

TEST_CASE("ParseCondition points at the offending token") {
  size_t offset = 0;
  CHECK_FALSE(ParseCondition("age = 18", &offset).ok());
  CHECK(offset == 4);
  CHECK_FALSE(ParseCondition("age >= old", &offset).ok());
  CHECK(offset == 7);
  CHECK_FALSE(ParseCondition("a or b", &offset).ok());
  CHECK(offset == 2);
  CHECK_FALSE(ParseCondition("a in [x, y", &offset).ok());
  CHECK(offset == 10);
  CHECK_FALSE(ParseCondition("", &offset).ok());
  CHECK(offset == 0);
  CHECK_FALSE(ParseCondition("a == 'open", &offset).ok());
  CHECK(offset == 5);
  Result<ConditionAst> r = ParseCondition("a and", &offset);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "expected a slot name, found the end of the condition");
}

}  // namespace
}  // namespace switchboard
