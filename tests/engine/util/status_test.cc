// Status and Result: codes, messages, copies.
#include <doctest/doctest.h>

#include "switchboard/status.h"

using namespace switchboard;

TEST_CASE("An OK Status has no message and prints OK") {
  Status s;
  CHECK(s.ok());
  CHECK(s.code() == StatusCode::kOk);
  CHECK(s.message().empty());
  CHECK(s.ToString() == "OK");
}

TEST_CASE("An error Status keeps its code and message through copies") {
  Status s = Status::Conflict("version 4 expected, found 5");
  Status copy = s;
  CHECK_FALSE(copy.ok());
  CHECK(copy.code() == StatusCode::kConflict);
  CHECK(copy.ToString() == "Conflict: version 4 expected, found 5");
}

TEST_CASE("A Result holds either a value or a status") {
  Result<int> good = 7;
  Result<int> bad = Status::NotFound("no session");
  REQUIRE(good.ok());
  CHECK(*good == 7);
  CHECK_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kNotFound);
}
