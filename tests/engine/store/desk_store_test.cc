// The DeskStore part of both stores: the change feed that pushes updates to
// operators' consoles, the list of assigned chats, and operators' presence.
#include <doctest/doctest.h>

#include "support/store_under_test.h"
#include "switchboard/clock.h"
#include "switchboard/store.h"

namespace switchboard {
namespace {

TurnCommit FirstCommit(const std::string& sid) {
  TurnCommit c;
  c.session_id = sid;
  c.expected_version = 0;
  c.snapshot = "s";
  Event e;
  e.type = EventType::kUserSaid;
  e.text = "hi";
  c.events.push_back(e);
  return c;
}

ON_BOTH_STORES(ChangeFeedInOrder, "the change feed lists each commit after the cursor, oldest first") {
  REQUIRE(store->Commit(FirstCommit("before")).ok());
  auto start = store->ReadChanges("", 100);
  REQUIRE(start.ok());
  CHECK(start->session_ids.empty());
  REQUIRE(!start->cursor.empty());
  REQUIRE(store->Commit(FirstCommit("a")).ok());
  REQUIRE(store->Commit(FirstCommit("b")).ok());
  TurnCommit again = FirstCommit("a");
  again.expected_version = 1;
  REQUIRE(store->Commit(again).ok());
  auto first = store->ReadChanges(start->cursor, 2);
  REQUIRE(first.ok());
  CHECK(first->session_ids == std::vector<std::string>{"a", "b"});
  auto rest = store->ReadChanges(first->cursor, 100);
  REQUIRE(rest.ok());
  CHECK(rest->session_ids == std::vector<std::string>{"a"});
  auto none = store->ReadChanges(rest->cursor, 100);
  REQUIRE(none.ok());
  CHECK(none->session_ids.empty());
  CHECK(none->cursor == rest->cursor);
}

ON_BOTH_STORES(ChangeFeedSkipsConflicts, "a commit refused for its version is not in the change feed") {
  auto start = store->ReadChanges("", 10);
  REQUIRE(start.ok());
  REQUIRE(store->Commit(FirstCommit("x")).ok());
  CHECK(store->Commit(FirstCommit("x")).status().code() == StatusCode::kConflict);
  auto read = store->ReadChanges(start->cursor, 10);
  REQUIRE(read.ok());
  CHECK(read->session_ids == std::vector<std::string>{"x"});
}

ON_BOTH_STORES(ChangeFeedSignals, "a signal is in the change feed beside the commits, and commits nothing") {
  auto start = store->ReadChanges("", 10);
  REQUIRE(start.ok());
  REQUIRE(store->Commit(FirstCommit("s1")).ok());
  REQUIRE(store->Signal("s1", "typing").ok());
  auto read = store->ReadChanges(start->cursor, 10);
  REQUIRE(read.ok());
  CHECK(read->session_ids == std::vector<std::string>{"s1", "s1"});
  CHECK(read->signals == std::vector<std::string>{"", "typing"});
  CHECK(store->Load("s1", "")->version == 1);
  CHECK(store->Signal("", "typing").code() == StatusCode::kInvalidArgument);
  CHECK(store->Signal("s1", "").code() == StatusCode::kInvalidArgument);
}

ON_BOTH_STORES(AssignAtMaximum, "an assignment beyond the operator's maximum is refused and writes nothing") {
  auto assign = [&](const std::string& sid, int max) {
    TurnCommit c = FirstCommit(sid);
    c.queue.kind = QueueChange::Kind::kAssign;
    c.queue.operator_id = "olga";
    c.queue.max_assigned = max;
    return c;
  };
  REQUIRE(store->Commit(assign("m1", 2)).ok());
  REQUIRE(store->Commit(assign("m2", 2)).ok());
  auto refused = store->Commit(assign("m3", 2));
  CHECK(refused.status().code() == StatusCode::kResourceExhausted);
  CHECK(store->Load("m3", "")->version == 0);
  CHECK(store->GetQueueEntry("m3").status().code() == StatusCode::kNotFound);
  TurnCommit again = assign("m2", 2);  // a chat she has already does not count twice
  again.expected_version = 1;
  CHECK(store->Commit(again).ok());
  CHECK(store->Commit(assign("m3", 0)).ok());  // no limit
  CHECK(store->ListAssigned("olga", 10)->size() == 3);
}

ON_BOTH_STORES(ListAssignedByOperator, "lists the chats assigned to one operator or to anyone") {
  for (const char* sid : {"c", "a", "b", "w"}) {
    QueueEntry e;
    e.session_id = sid;
    e.department = "support";
    REQUIRE(store->Enqueue(e).ok());
  }
  REQUIRE(store->Assign("c", "olga").ok());
  REQUIRE(store->Assign("a", "olga").ok());
  REQUIRE(store->Assign("b", "ivan").ok());
  auto olga = store->ListAssigned("olga", 10);
  REQUIRE(olga.ok());
  REQUIRE(olga->size() == 2);
  CHECK((*olga)[0].session_id == "a");
  CHECK((*olga)[1].session_id == "c");
  CHECK((*olga)[0].operator_id == "olga");
  CHECK((*olga)[0].department == "support");
  auto all = store->ListAssigned("", 10);
  REQUIRE(all.ok());
  CHECK(all->size() == 3);
  CHECK(store->ListAssigned("", 1)->size() == 1);
  CHECK(store->ListAssigned("nobody", 10)->empty());
}

ON_BOTH_STORES(PresenceExpires, "keeps an operator's presence until it expires or they go offline") {
  const int64_t now = SystemClock()->NowMs();
  REQUIRE(store->SetPresence("olga", {"online", now + 60000}).ok());
  REQUIRE(store->SetPresence("ivan", {"away", now + 60000}).ok());
  REQUIRE(store->SetPresence("gone", {"online", now - 1}).ok());
  auto listed = store->ListPresence();
  REQUIRE(listed.ok());
  CHECK(listed->size() == 2);
  CHECK(listed->at("olga") == OperatorPresence{"online", now + 60000});
  CHECK(listed->at("ivan").state == "away");
  REQUIRE(store->SetPresence("olga", {"offline", now + 60000}).ok());
  CHECK(store->ListPresence()->count("olga") == 0);
  CHECK(store->SetPresence("", {"online", now + 1000}).code() == StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace switchboard
