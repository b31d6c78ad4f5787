// The session snapshot survives its wire form, and a damaged one is refused.
#include <doctest/doctest.h>

#include "dialog/session_state.h"

using namespace switchboard;

namespace {
SessionState Sample() {
  SessionState s;
  s.language = "en";
  s.slots = {{"name", "Анна 3:5 {x}"}, {"phone", "+79161234567"}, {"empty", ""}};
  s.waiting = {"booking.ask_date"};
  s.attempts = 2;
  s.misses = 1;
  s.options_page = 3;
  s.answered = {"booking.ask_service"};
  s.last_buttons = {{"Маникюр", "=manicure"}};
  s.with_operator = true;
  s.turns = 7;
  s.current_flow = "booking";
  s.entry_text = "запишите на маникюр в субботу";
  s.prefilled = {"booking.ask_service"};
  return s;
}
}  // namespace

TEST_CASE("A session state round-trips through its snapshot, values with separators included") {
  SessionState s = Sample();
  auto back = SessionStateFromSnapshot(SessionStateToSnapshot(s));
  REQUIRE(back.ok());
  CHECK(*back == s);
}

TEST_CASE("An empty snapshot is a new conversation") {
  auto fresh = SessionStateFromSnapshot("");
  REQUIRE(fresh.ok());
  CHECK(fresh->turns == 0);
  CHECK(fresh->slots.empty());
}

TEST_CASE("A damaged snapshot is an error, never a crash or a huge allocation") {
  std::string good = SessionStateToSnapshot(Sample());
  for (size_t cut = 0; cut + 1 < good.size(); ++cut) {
    auto r = SessionStateFromSnapshot(good.substr(0, cut + 1));
    CHECK_FALSE(r.ok());
  }
  CHECK_FALSE(SessionStateFromSnapshot("{\"slots\": 5").ok());
  CHECK_FALSE(SessionStateFromSnapshot("sb1;2:ru99999999999:").ok());
  auto extra = SessionStateFromSnapshot(good + "1:x");
  CHECK_FALSE(extra.ok());
  CHECK(extra.status().code() == StatusCode::kInvalidArgument);
}
