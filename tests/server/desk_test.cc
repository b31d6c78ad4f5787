// The operators' desk over a real engine and the memory store: who sees what,
// routing to the least busy online operator, chats of operators gone offline back
// in the queue, long waits told once, the expected wait on handoff, closing into
// the feedback flow. (The same over Redis with several processes:
// tests/integration/desk/.)
#include <doctest/doctest.h>

#include "server/console/desk.h"
#include "switchboard/clock.h"

namespace switchboard::server {
namespace {

constexpr int64_t kStart = 1704096000000;  // Monday 2024-01-01 11:00 Moscow

struct DeskFixture {
  DeskFixture() {
    MemoryStoreOptions mo;
    mo.clock = &clock;
    store = NewMemoryStore(mo);
    EngineOptions eo;
    eo.flows_dir = SB_SOURCE_DIR "/flows";
    eo.store = store.get();
    eo.clock = &clock;
    auto opened = Engine::Open(eo);
    REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
    engine = std::move(*opened);
    config.departments = {"", "support", "complaints"};
    config.max_chats = 2;
    config.long_wait_s = 300;
    config.presence_ttl_s = 60;
    config.operators = {Account("olga", OperatorRole::kOperator, {"support"}),
                        Account("ivan", OperatorRole::kOperator, {"support"}),
                        Account("kate", OperatorRole::kOperator, {"complaints"}),
                        Account("boss", OperatorRole::kSupervisor, {})};
    desk = std::make_unique<Desk>(engine.get(), store.get(), &config, &clock);
  }

  static OperatorAccount Account(std::string id, OperatorRole role, std::vector<std::string> departments) {
    OperatorAccount a;
    a.id = id;
    a.name = id;
    a.role = role;
    a.departments = std::move(departments);
    return a;
  }
  const OperatorAccount& Op(std::string_view id) { return *desk->Find(id); }

  // A customer asks for a person: the chat waits in "support".
  std::string AskForPerson(const std::string& who) {
    InboundMessage m;
    m.session_id = "web:" + who;
    m.channel = "webchat";
    m.user_id = who;
    m.message_id = who + "-1";
    m.text = "позовите оператора";
    auto report = engine->Handle(m);
    REQUIRE(report.ok());
    REQUIRE(report->handed_off);
    desk->AfterTurn(m.session_id, *report);
    clock.Advance(1000);
    return m.session_id;
  }
  std::string OperatorOf(const std::string& sid) {
    auto e = store->GetQueueEntry(sid);
    return e.ok() ? e->operator_id : "<none>";
  }
  std::vector<Event> Log(const std::string& sid) { return engine->Transcript(sid, 0, 1000)->events; }
  int CountBotSaid(const std::string& sid, std::string_view part) {
    int n = 0;
    for (const Event& e : Log(sid)) n += e.type == EventType::kBotSaid && e.text.find(part) != std::string::npos;
    return n;
  }

  ManualClock clock{kStart};
  std::unique_ptr<Store> store;
  std::unique_ptr<Engine> engine;
  ConsoleConfig config;
  std::unique_ptr<Desk> desk;
};

TEST_CASE("Desk routes each waiting chat to the least busy online operator of its department") {
  DeskFixture f;
  REQUIRE(f.desk->SetPresence(f.Op("olga"), "online").ok());
  REQUIRE(f.desk->SetPresence(f.Op("ivan"), "online").ok());
  REQUIRE(f.desk->SetPresence(f.Op("kate"), "online").ok());  // complaints only
  std::vector<std::string> chats;
  for (int i = 0; i < 5; ++i) chats.push_back(f.AskForPerson("c" + std::to_string(i)));
  auto ticked = f.desk->Tick();
  REQUIRE(ticked.ok());
  CHECK(ticked->routed == 4);  // two operators, two chats each
  auto loads = f.desk->Loads();
  CHECK(loads->at("olga") == 2);
  CHECK(loads->at("ivan") == 2);
  CHECK(loads->count("kate") == 0);
  CHECK(f.OperatorOf(chats[4]).empty());  // the fifth waits: everyone is full
  // The oldest chats went first.
  for (int i = 0; i < 4; ++i) CHECK_FALSE(f.OperatorOf(chats[i]).empty());
}

TEST_CASE("Desk routes to nobody who is away, and to an operator again once they are back") {
  DeskFixture f;
  REQUIRE(f.desk->SetPresence(f.Op("olga"), "away").ok());
  std::string chat = f.AskForPerson("a");
  CHECK(f.desk->Tick()->routed == 0);
  REQUIRE(f.desk->SetPresence(f.Op("olga"), "online").ok());
  CHECK(f.desk->Tick()->routed == 1);
  CHECK(f.OperatorOf(chat) == "olga");
}

TEST_CASE("Desk puts the chats of an operator whose console went quiet back in the queue, at their place") {
  DeskFixture f;
  f.config.auto_routing = false;
  REQUIRE(f.desk->SetPresence(f.Op("olga"), "online").ok());
  std::string first = f.AskForPerson("first");
  std::string second = f.AskForPerson("second");
  DeskAction take{DeskAction::Kind::kTake, first, "", "", "", ""};
  REQUIRE(f.desk->Act(f.Op("olga"), take).ok());
  f.clock.Advance(61 * 1000);  // no presence report for longer than presence_ttl_s
  auto ticked = f.desk->Tick();
  REQUIRE(ticked.ok());
  CHECK(ticked->reclaimed == 1);
  auto waiting = f.store->ListWaiting("support", 10);
  REQUIRE(waiting->size() == 2);
  CHECK((*waiting)[0].session_id == first);  // it was first, it is first again
  CHECK(f.Log(first).back().type == EventType::kTransferred);
}

TEST_CASE("Desk lets operators see and act on their departments' chats only") {
  DeskFixture f;
  f.config.auto_routing = false;
  std::string chat = f.AskForPerson("x");
  DeskAction take{DeskAction::Kind::kTake, chat, "", "", "", ""};
  CHECK(f.desk->Act(f.Op("kate"), take).status().code() == StatusCode::kNotFound);
  DeskAction reply{DeskAction::Kind::kReply, chat, "hello", "", "", ""};
  CHECK(f.desk->Act(f.Op("olga"), reply).status().code() == StatusCode::kConflict);  // take it first
  REQUIRE(f.desk->Act(f.Op("olga"), take).ok());
  CHECK(f.desk->Act(f.Op("ivan"), take).status().code() == StatusCode::kConflict);
  CHECK(f.desk->Act(f.Op("ivan"), reply).status().code() == StatusCode::kConflict);
  CHECK(f.desk->Act(f.Op("olga"), reply).ok());
  CHECK(f.desk->Sees(f.Op("boss"), *f.store->GetQueueEntry(chat)));
  CHECK_FALSE(f.desk->Sees(f.Op("kate"), *f.store->GetQueueEntry(chat)));
}

TEST_CASE("Desk refuses a take over the operator's maximum and transfers to offline operators") {
  DeskFixture f;
  f.config.auto_routing = false;
  std::vector<std::string> chats;
  for (int i = 0; i < 3; ++i) chats.push_back(f.AskForPerson("m" + std::to_string(i)));
  for (int i = 0; i < 2; ++i) REQUIRE(f.desk->Act(f.Op("olga"), {DeskAction::Kind::kTake, chats[i], "", "", "", ""}).ok());
  CHECK(f.desk->Act(f.Op("olga"), {DeskAction::Kind::kTake, chats[2], "", "", "", ""}).status().code() ==
        StatusCode::kConflict);
  DeskAction to_ivan{DeskAction::Kind::kTransfer, chats[0], "note", "ivan", "", ""};
  CHECK(f.desk->Act(f.Op("olga"), to_ivan).status().code() == StatusCode::kConflict);  // ivan is offline
  REQUIRE(f.desk->SetPresence(f.Op("ivan"), "online").ok());
  REQUIRE(f.desk->Act(f.Op("olga"), to_ivan).ok());
  CHECK(f.OperatorOf(chats[0]) == "ivan");
  DeskAction to_nowhere{DeskAction::Kind::kTransfer, chats[1], "", "", "accounting", ""};
  CHECK(f.desk->Act(f.Op("olga"), to_nowhere).status().code() == StatusCode::kInvalidArgument);
  DeskAction to_complaints{DeskAction::Kind::kTransfer, chats[1], "", "", "complaints", ""};
  REQUIRE(f.desk->Act(f.Op("olga"), to_complaints).ok());
  CHECK(f.store->GetQueueEntry(chats[1])->department == "complaints");
  CHECK(f.OperatorOf(chats[1]).empty());
}

TEST_CASE("Desk tells a customer who waits long, once, however many processes tick") {
  DeskFixture f;
  Desk other(f.engine.get(), f.store.get(), &f.config, &f.clock);  // a second server process
  std::string chat = f.AskForPerson("slow");
  CHECK(f.desk->Tick()->told_long_wait == 0);
  f.clock.Advance(301 * 1000);
  CHECK(f.desk->Tick()->told_long_wait == 1);
  CHECK(other.Tick()->told_long_wait == 0);
  CHECK(f.desk->Tick()->told_long_wait == 0);
  CHECK(f.CountBotSaid(chat, "Простите, что приходится ждать") == 1);
}

TEST_CASE("Desk tells a customer the expected wait when the chat joins the queue, once") {
  DeskFixture f;
  REQUIRE(f.desk->SetPresence(f.Op("olga"), "away").ok());
  std::string chat = f.AskForPerson("w");
  CHECK(f.CountBotSaid(chat, "все операторы заняты") == 1);
  InboundMessage again;
  again.session_id = chat;
  again.channel = "webchat";
  again.user_id = "w";
  again.message_id = "w-2";
  again.text = "ау";
  auto report = f.engine->Handle(again);
  REQUIRE(report.ok());
  f.desk->AfterTurn(chat, *report);
  CHECK(f.CountBotSaid(chat, "все операторы заняты") == 1);
  REQUIRE(f.desk->SetPresence(f.Op("olga"), "online").ok());
  QueueEntry entry = *f.store->GetQueueEntry(chat);
  CHECK(f.desk->WaitText(entry, "ru") == "Ожидаемое время ответа — около 5 мин.");
  CHECK(f.desk->WaitText(entry, "en") == "Expected wait: about 5 min.");
}

TEST_CASE("Desk tells a customer outside operators' hours when they will answer") {
  DeskFixture f;
  f.config.hours.configured = true;
  f.config.hours.utc_offset_minutes = 180;
  for (int d = 0; d < 5; ++d) {
    f.config.hours.open[d] = 9 * 60;
    f.config.hours.close[d] = 20 * 60;
  }
  f.clock.Set(kStart + 10 * 3600 * 1000);  // Monday 21:00 Moscow
  std::string chat = f.AskForPerson("late");
  CHECK(f.CountBotSaid(chat, "Сейчас операторы не работают. Вам ответят завтра в 09:00.") == 1);
}

TEST_CASE("Desk closes a chat into the feedback flow, and hands one back at a step") {
  DeskFixture f;
  f.config.auto_routing = false;
  std::string chat = f.AskForPerson("close");
  REQUIRE(f.desk->Act(f.Op("olga"), {DeskAction::Kind::kTake, chat, "", "", "", ""}).ok());
  auto closed = f.desk->Act(f.Op("olga"), {DeskAction::Kind::kClose, chat, "", "", "", ""});
  REQUIRE(closed.ok());
  CHECK_FALSE(closed->handed_off);
  CHECK(f.store->GetQueueEntry(chat).status().code() == StatusCode::kNotFound);
  CHECK(f.CountBotSaid(chat, "Оцените") == 1);
  CHECK(!f.desk->HandBackSteps().empty());
}

}  // namespace
}  // namespace switchboard::server
