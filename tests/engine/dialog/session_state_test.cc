// The session snapshot survives its JSON form.
#include <doctest/doctest.h>

#include "dialog/session_state.h"

using namespace switchboard;

TEST_CASE("A session state round-trips through JSON") {
  SessionState s;
  s.language = "en";
  s.slots = {{"name", "Анна"}, {"phone", "+79161234567"}};
  s.waiting = {"booking.ask_date"};
  s.attempts = 2;
  s.misses = 1;
  s.answered = {"booking.ask_service"};
  s.last_buttons = {{"Маникюр", "=manicure"}};
  s.with_operator = true;
  s.turns = 7;
  s.current_flow = "booking";
  auto back = SessionStateFromJson(SessionStateToJson(s));
  REQUIRE(back.ok());
  CHECK(*back == s);
}

TEST_CASE("An empty snapshot is a new conversation and a broken one an error") {
  auto fresh = SessionStateFromJson("");
  REQUIRE(fresh.ok());
  CHECK(fresh->turns == 0);
  auto broken = SessionStateFromJson("{\"slots\": 5");
  CHECK_FALSE(broken.ok());
  CHECK(broken.status().code() == StatusCode::kInvalidArgument);
}
