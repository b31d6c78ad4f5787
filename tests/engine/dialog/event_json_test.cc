// The JSON form of events as the log stores it: what decodes re-encodes to itself,
// and a stored value out of range is refused rather than converted.
#include <doctest/doctest.h>

#include "switchboard/event.h"

using namespace switchboard;

TEST_CASE("An event decodes from its JSON to itself") {
  Event event;
  event.type = EventType::kSlotSet;
  event.at_ms = 1795424401000;
  event.name = "service";
  event.value = "manicure";
  Result<Event> decoded = EventFromJson(EventToJson(event));
  REQUIRE(decoded.ok());
  CHECK(decoded.value() == event);
}

TEST_CASE("An event time that is not a whole number of milliseconds in range is refused") {
  // Found by fuzz/wire_json_fuzzer: converting 1.1e44 to int64 was undefined behaviour.
  CHECK_FALSE(EventFromJson(R"({"at":111111111111111111111111111111111111111111111795424401000,)"
                            R"("name":"service","type":"slot_set","value":"manicure"})")
                  .ok());
  CHECK_FALSE(EventFromJson(R"({"at":1e300,"type":"user_said"})").ok());
  CHECK_FALSE(EventFromJson(R"({"at":18446744073709551615,"type":"user_said"})").ok());
  CHECK_FALSE(EventFromJson(R"({"at":1.5,"type":"user_said"})").ok());
  CHECK_FALSE(EventFromJson(R"({"at":"1","type":"user_said"})").ok());
  Result<Event> earliest = EventFromJson(R"({"at":-9223372036854775808,"type":"user_said"})");
  REQUIRE(earliest.ok());
  CHECK(earliest.value().at_ms == INT64_MIN);
}
