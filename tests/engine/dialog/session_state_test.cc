// The session snapshot survives its wire form, reads what earlier versions wrote,
// skips what later versions add, and refuses a damaged one without trusting it.
#include <doctest/doctest.h>

#include <climits>

#include "dialog/session_state.h"

using namespace switchboard;

namespace {

SessionState Sample() {
  SessionState s;
  s.language = "en";
  s.language_read = true;
  s.slots = {{"name", "Анна 3:5 {x}"}, {"phone", "+79161234567"}, {"empty", ""}};
  s.waiting = {"booking.ask_date"};
  s.attempts = 2;
  s.misses = 1;
  s.options_page = 3;
  s.answered = {"booking.ask_service"};
  Button choose{"Маникюр", "~7.0", ButtonAction::kChoose, "manicure"};
  Button more{"Ещё", "~7.1", ButtonAction::kMore, ""};
  s.last_buttons = {choose, more};
  s.numbered_buttons = 2;
  s.handler = Handler::kOperator;
  s.operator_id = "olga";
  s.turns = 7;
  s.current_flow = "booking";
  s.entry_text = "запишите на маникюр в субботу";
  s.prefilled = {"booking.ask_service"};
  s.channel = "telegram";
  s.user_id = "1001";
  s.pending = PendingCall{"booking.create", "tg:1001:7:booking.create", 1'700'000'005'000, 1, "m7"};
  return s;
}

// Tokens as the snapshot writes them: <length>:<bytes>.
std::string Tokens(std::initializer_list<std::string_view> tokens) {
  std::string out;
  for (std::string_view t : tokens) out += std::to_string(t.size()) + ":" + std::string(t);
  return out;
}

}  // namespace

TEST_CASE("A session state round-trips through its snapshot, values with separators included") {
  SessionState s = Sample();
  auto back = SessionStateFromSnapshot(SessionStateToSnapshot(s));
  REQUIRE(back.ok());
  CHECK(*back == s);
  auto fresh = SessionStateFromSnapshot(SessionStateToSnapshot(SessionState{}));
  REQUIRE(fresh.ok());
  CHECK(*fresh == SessionState{});
}

TEST_CASE("An empty snapshot is a new conversation") {
  auto fresh = SessionStateFromSnapshot("");
  REQUIRE(fresh.ok());
  CHECK(fresh->turns == 0);
  CHECK(fresh->slots.empty());
}

TEST_CASE("A snapshot written by the first format still loads") {
  // As the sb1 writer wrote it: lang, slots, waiting, attempts, misses, page,
  // answered, buttons, with_operator, turns, current_flow, entry_text, prefilled.
  std::string old = "sb1;" + Tokens({"ru", "1", "name", "Анна", "1", "booking.ask_phone", "1", "0", "0",
                                     "1", "booking.ask_name", "1", "Да", "=yes", "1", "3", "booking",
                                     "на маникюр", "0"});
  auto s = SessionStateFromSnapshot(old);
  REQUIRE_MESSAGE(s.ok(), s.status().ToString());
  CHECK(s->language == "ru");
  CHECK(s->slots.at("name") == "Анна");
  CHECK(s->waiting == std::vector<std::string>{"booking.ask_phone"});
  CHECK(s->attempts == 1);
  CHECK(s->answered == std::vector<std::string>{"booking.ask_name"});
  CHECK(s->handler == Handler::kQueued);
  CHECK(s->turns == 3);
  CHECK(s->entry_text == "на маникюр");
  // Its buttons named steps and values in their payloads; they are not honoured.
  CHECK(s->last_buttons.empty());
}

TEST_CASE("Fields a later version adds are skipped, and missing ones take their defaults") {
  std::string later = "sb2;" + Tokens({"lang", "ru", "mood", "cheerful", "turns", "4", "end", "3"});
  auto s = SessionStateFromSnapshot(later);
  REQUIRE_MESSAGE(s.ok(), s.status().ToString());
  CHECK(s->language == "ru");
  CHECK(s->turns == 4);
  CHECK(s->slots.empty());
  CHECK_FALSE(s->pending.has_value());
}

TEST_CASE("A damaged snapshot is an error, never a crash or a huge allocation") {
  std::string good = SessionStateToSnapshot(Sample());
  for (size_t cut = 0; cut + 1 < good.size(); ++cut) {
    auto r = SessionStateFromSnapshot(good.substr(0, cut + 1));
    CHECK_MESSAGE(!r.ok(), "cut at " << cut + 1);
  }
  CHECK_FALSE(SessionStateFromSnapshot("{\"slots\": 5").ok());
  CHECK_FALSE(SessionStateFromSnapshot("sb1;2:ru99999999999:").ok());
  // An inflated count is refused before anything is allocated for it.
  CHECK_FALSE(SessionStateFromSnapshot("sb1;" + Tokens({"ru", "357000000"})).ok());
  auto extra = SessionStateFromSnapshot(good + "1:x");
  CHECK_FALSE(extra.ok());
  CHECK(extra.status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("Counters out of range are refused, not trusted") {
  auto with = [](std::string_view tag, std::string_view value) {
    return SessionStateFromSnapshot("sb2;" + Tokens({tag, value, "end", "1"}));
  };
  CHECK(with("miss", "3").ok());
  CHECK_FALSE(with("miss", "-1").ok());
  CHECK_FALSE(with("miss", std::to_string(INT_MAX)).ok());
  CHECK_FALSE(with("att", "-5").ok());
  CHECK_FALSE(with("page", "99999999999999999999").ok());
  CHECK_FALSE(with("who", "7").ok());
  CHECK_FALSE(with("turns", "-2").ok());
  CHECK_FALSE(with("nbtn", "1").ok());  // more numbered buttons than buttons
  CHECK_FALSE(with("who", "2").ok());   // an operator's chat without the operator
  std::string old_negative = "sb1;" + Tokens({"ru", "0", "0", "0", "-1", "0", "0", "0", "0", "1", "", "", "0"});
  CHECK_FALSE(SessionStateFromSnapshot(old_negative).ok());
}
