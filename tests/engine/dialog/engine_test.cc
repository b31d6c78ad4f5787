// The Engine over a Store, on memory and on Redis: dedupe, concurrent turns, reload
// without losing anyone, the queue entry of a handoff.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>
#include <unistd.h>

#include "switchboard/clock.h"
#include "support/store_under_test.h"
#include "support/temp_flows.h"
#include "switchboard/engine.h"

using namespace switchboard;
namespace fs = std::filesystem;

namespace {

using testing::TempFlows;

const char* kFlowsV1 = R"(
bot: {start: greet}
flows:
  - id: greet
    steps:
      - say: "Привет!"
  - id: booking
    triggers: {keywords: [записаться]}
    steps:
      - id: ask_name
        ask: name
        prompt: "Как вас зовут?"
      - say: "Спасибо, {{name}}."
)";

InboundMessage Message(const std::string& session, const std::string& id, const std::string& text) {
  InboundMessage m;
  m.session_id = session;
  m.message_id = id;
  m.channel = "test";
  m.text = text;
  return m;
}

}  // namespace

ON_BOTH_STORES(RepeatedMessage, "Engine processes a repeated message id once") {
  TempFlows flows;
  flows.Write("bot.yaml", kFlowsV1);
  auto engine = Engine::Open({.flows_dir = flows.path(), .store = store.get()});
  REQUIRE(engine.ok());
  auto first = (*engine)->Handle(Message("s1", "m1", "записаться"));
  REQUIRE(first.ok());
  CHECK_FALSE(first->duplicate);
  auto again = (*engine)->Handle(Message("s1", "m1", "записаться"));
  REQUIRE(again.ok());
  CHECK(again->duplicate);
  // A retried webhook gets the replies its first delivery committed.
  CHECK_FALSE(again->replies.empty());
  CHECK(again->replies == first->replies);
  auto log = (*engine)->Transcript("s1");
  REQUIRE(log.ok());
  int user_said = 0;
  for (const Event& e : log->events) user_said += e.type == EventType::kUserSaid;
  CHECK(user_said == 1);
}

ON_BOTH_STORES(RefusesBadFlows, "Engine refuses flows with errors and names them") {
  TempFlows flows;
  flows.Write("bot.yaml", "flows:\n  - id: a\n    steps:\n      - goto: nowhere\n");
  std::vector<Diagnostic> diagnostics;
  auto engine = Engine::Open({.flows_dir = flows.path(), .store = store.get()}, &diagnostics);
  CHECK_FALSE(engine.ok());
  CHECK(engine.status().code() == StatusCode::kInvalidFlow);
  CHECK(HasErrors(diagnostics));
}

ON_BOTH_STORES(ReloadKeepsPlace, "A reload keeps every conversation where it was") {
  TempFlows flows;
  flows.Write("bot.yaml", kFlowsV1);
  auto engine = Engine::Open({.flows_dir = flows.path(), .store = store.get()});
  REQUIRE(engine.ok());
  REQUIRE((*engine)->Handle(Message("s1", "1", "записаться")).ok());
  std::string v2 = kFlowsV1;
  v2.replace(v2.find("Спасибо"), std::string("Спасибо").size(), "Благодарим");
  flows.Write("bot.yaml", v2);
  REQUIRE((*engine)->Reload().ok());
  auto out = (*engine)->Handle(Message("s1", "2", "Анна"));
  REQUIRE(out.ok());
  REQUIRE(out->replies.size() == 1);
  CHECK(out->replies[0].text == "Благодарим, Анна.");
}

ON_BOTH_STORES(ReloadRemovesStep, "A reload without the step a conversation waits at goes on with its flow, not the fallback") {
  TempFlows flows;
  const char* v1 = R"(
bot: {start: greet}
fallback:
  - say: "Не понял."
flows:
  - id: greet
    steps:
      - say: "Привет!"
  - id: booking
    triggers: {keywords: [записаться]}
    steps:
      - id: ask_day
        ask: day
        prompt: "Какой день?"
      - id: ask_name
        ask: name
        prompt: "Как вас зовут?"
      - say: "{{name}}, ждём вас: {{day}}."
)";
  flows.Write("bot.yaml", v1);
  auto engine = Engine::Open({.flows_dir = flows.path(), .store = store.get()});
  REQUIRE(engine.ok());
  REQUIRE((*engine)->Handle(Message("s1", "1", "записаться")).ok());
  REQUIRE((*engine)->Handle(Message("s1", "2", "суббота")).ok());
  // The name question is renamed while the customer is about to answer it.
  std::string v2 = v1;
  v2.replace(v2.find("id: ask_name"), std::string("id: ask_name").size(), "id: ask_client_name");
  flows.Write("bot.yaml", v2);
  std::vector<Diagnostic> diagnostics;
  REQUIRE((*engine)->Reload(&diagnostics).ok());
  // The staff are told at the reload where those conversations go.
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].severity == Severity::kWarning);
  CHECK(diagnostics[0].code == "removed-step");
  CHECK(diagnostics[0].message.find("'booking.ask_name' is gone") != std::string::npos);
  CHECK(diagnostics[0].message.find("from the start of flow 'booking'") != std::string::npos);
  auto out = (*engine)->Handle(Message("s1", "3", "Анна"));
  REQUIRE(out.ok());
  CHECK_FALSE(out->fallback);
  // The booking goes on at its first question left (the day is kept).
  REQUIRE(out->replies.size() == 1);
  CHECK(out->replies[0].text == "Как вас зовут?");
  auto done = (*engine)->Handle(Message("s1", "4", "Анна"));
  REQUIRE(done.ok());
  REQUIRE(done->replies.size() == 1);
  CHECK(done->replies[0].text == "Анна, ждём вас: суббота.");
}

ON_BOTH_STORES(ReloadWithErrors, "A reload with errors keeps the running version") {
  TempFlows flows;
  flows.Write("bot.yaml", kFlowsV1);
  auto engine = Engine::Open({.flows_dir = flows.path(), .store = store.get()});
  REQUIRE(engine.ok());
  flows.Write("bot.yaml", "flows: [");
  std::vector<Diagnostic> diagnostics;
  CHECK_FALSE((*engine)->Reload(&diagnostics).ok());
  CHECK(HasErrors(diagnostics));
  auto out = (*engine)->Handle(Message("s1", "1", "записаться"));
  REQUIRE(out.ok());
  CHECK(out->flow == "booking");
}

ON_BOTH_STORES(ConcurrentTurns, "Concurrent turns of one conversation are all processed, once, in commit order") {
  TempFlows flows;
  flows.Write("bot.yaml", kFlowsV1);
  auto engine = Engine::Open({.flows_dir = flows.path(), .store = store.get(),
                              .max_commit_attempts = 1000});
  REQUIRE(engine.ok());
  constexpr int kThreads = 4, kPerThread = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string id = std::to_string(t) + "-" + std::to_string(i);
        if (!(*engine)->Handle(Message("shared", id, "msg " + id)).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  std::set<std::string> seen;
  for (size_t from = 0;;) {
    auto page = (*engine)->Transcript("shared", from, 100);
    REQUIRE(page.ok());
    if (page->events.empty()) break;
    for (const Event& e : page->events) {
      if (e.type == EventType::kUserSaid) CHECK(seen.insert(e.text).second);
    }
    from = page->next;
  }
  CHECK(seen.size() == kThreads * kPerThread);
}

ON_BOTH_STORES(HandoffQueues, "A handoff puts the conversation in the operators' queue with its priority and department") {
  TempFlows flows;
  flows.Write("bot.yaml", R"(
flows:
  - id: complaint
    triggers: {keywords: [жалоба]}
    steps:
      - handoff: {reason: complaint, priority: 10, department: support}
)");
  auto engine = Engine::Open({.flows_dir = flows.path(), .store = store.get()});
  REQUIRE(engine.ok());
  auto out = (*engine)->Handle(Message("s-complaint", "1", "у меня жалоба"));
  REQUIRE(out.ok());
  CHECK(out->handed_off);
  auto entry = store->GetQueueEntry("s-complaint");
  REQUIRE(entry.ok());
  CHECK(entry->priority == 10);
  CHECK(entry->department == "support");
}

namespace {

OperatorAction Act(OperatorAction::Kind kind, const std::string& op, const std::string& text = "") {
  OperatorAction a;
  a.kind = kind;
  a.session_id = "tg:7";
  a.operator_id = op;
  a.text = text;
  return a;
}

}  // namespace

ON_BOTH_STORES(OperatorsSide, "Operators take a chat, answer on the customer's channel, and hand it back") {
  TempFlows flows;
  flows.Write("bot.yaml", kFlowsV1);
  auto engine = Engine::Open({.flows_dir = flows.path(), .store = store.get()});
  REQUIRE(engine.ok());
  using Kind = OperatorAction::Kind;
  CHECK((*engine)->Operate(Act(Kind::kTake, "olga")).status().code() == StatusCode::kNotFound);
  InboundMessage hello = Message("tg:7", "m1", "записаться");
  hello.channel = "telegram";
  hello.user_id = "7";
  REQUIRE((*engine)->Handle(hello).ok());
  for (;;) {  // what the bot said so far is delivered
    auto batch = store->ReadOutbox("w", 100);
    REQUIRE(batch.ok());
    if (batch->empty()) break;
    std::vector<std::string> ids;
    for (const OutboxEntry& e : *batch) ids.push_back(e.id);
    REQUIRE(store->AckOutbox(ids).ok());
  }
  // Only the operator who has the chat speaks in it.
  CHECK((*engine)->Operate(Act(Kind::kSay, "olga", "Здравствуйте")).status().code() == StatusCode::kConflict);
  auto took = (*engine)->Operate(Act(Kind::kTake, "olga"));
  REQUIRE(took.ok());
  CHECK(took->handed_off);
  CHECK(took->operator_id == "olga");
  CHECK(store->GetQueueEntry("tg:7")->operator_id == "olga");
  CHECK((*engine)->Operate(Act(Kind::kTake, "ivan")).status().code() == StatusCode::kConflict);
  CHECK((*engine)->Operate(Act(Kind::kSay, "olga", "")).status().code() == StatusCode::kInvalidArgument);
  REQUIRE((*engine)->Operate(Act(Kind::kSay, "olga", "Здравствуйте, чем помочь?")).ok());
  REQUIRE((*engine)->Operate(Act(Kind::kNote, "olga", "постоянная клиентка")).ok());
  // The customer writes meanwhile: the bot stays silent.
  auto meanwhile = (*engine)->Handle(Message("tg:7", "m2", "Анна"));
  REQUIRE(meanwhile.ok());
  CHECK(meanwhile->replies.empty());
  CHECK(meanwhile->slots.count("name") == 0);
  // The operator's reply (and not the note) reaches the customer's channel.
  auto out = store->ReadOutbox("w", 100);
  REQUIRE(out.ok());
  std::vector<std::string> texts;
  for (const OutboxEntry& e : *out) {
    CHECK(e.message.channel == "telegram");
    CHECK(e.message.recipient == "7");
    texts.push_back(OutboundReplyFromJson(e.message.payload)->reply.text);
  }
  CHECK(texts == std::vector<std::string>{"К разговору подключился оператор.", "Здравствуйте, чем помочь?"});
  OperatorAction back = Act(Kind::kHandBack, "olga");
  back.step = "booking.nowhere";
  CHECK((*engine)->Operate(back).status().code() == StatusCode::kInvalidArgument);
  back.step = "booking.ask_name";
  auto handed = (*engine)->Operate(back);
  REQUIRE(handed.ok());
  CHECK_FALSE(handed->handed_off);
  REQUIRE(handed->replies.size() == 1);
  CHECK(handed->replies[0].text == "Как вас зовут?");
  CHECK(store->GetQueueEntry("tg:7").status().code() == StatusCode::kNotFound);
  auto answered = (*engine)->Handle(Message("tg:7", "m3", "Анна"));
  REQUIRE(answered.ok());
  CHECK(answered->replies.at(0).text == "Спасибо, Анна.");
  auto log = (*engine)->RecentTranscript("tg:7", 100);
  REQUIRE(log.ok());
  std::vector<EventType> operator_events;
  for (const Event& e : log->events) {
    if (e.type == EventType::kOperatorTook || e.type == EventType::kOperatorSaid ||
        e.type == EventType::kOperatorNote || e.type == EventType::kHandedBack) {
      operator_events.push_back(e.type);
    }
  }
  CHECK(operator_events == std::vector<EventType>{EventType::kOperatorTook, EventType::kOperatorSaid,
                                                  EventType::kOperatorNote, EventType::kHandedBack});
}

ON_BOTH_STORES(BotSay, "The server's own message with buttons reaches the customer's channel whoever has the chat") {
  TempFlows flows;
  flows.Write("bot.yaml", kFlowsV1);
  auto engine = Engine::Open({.flows_dir = flows.path(), .store = store.get()});
  REQUIRE(engine.ok());
  using Kind = OperatorAction::Kind;
  OperatorAction ask = Act(Kind::kBotSay, "system", "Это вы?");
  ask.buttons = {Button{.label = "Да", .payload = "link:yes:t0k3n", .action = ButtonAction::kGoto, .target = ""},
                 Button{.label = "Нет", .payload = "link:no:t0k3n", .action = ButtonAction::kGoto, .target = ""}};
  CHECK((*engine)->Operate(ask).status().code() == StatusCode::kNotFound);  // no conversation yet
  InboundMessage hello = Message("tg:7", "m1", "записаться");
  hello.channel = "telegram";
  hello.user_id = "7";
  REQUIRE((*engine)->Handle(hello).ok());
  auto greeted = store->ReadOutbox("w", 100);  // what the bot said so far is delivered
  REQUIRE(greeted.ok());
  std::vector<std::string> delivered;
  for (const OutboxEntry& e : *greeted) delivered.push_back(e.id);
  REQUIRE(store->AckOutbox(delivered).ok());
  OperatorAction bad = ask;
  bad.buttons[0].payload.clear();
  CHECK((*engine)->Operate(bad).status().code() == StatusCode::kInvalidArgument);
  ask.action_id = "ask:1";
  auto asked = (*engine)->Operate(ask);
  REQUIRE(asked.ok());
  CHECK(asked->channel == "telegram");
  CHECK((*engine)->Operate(ask)->duplicate);  // the same action id asks once
  auto out = store->ReadOutbox("w", 100);
  REQUIRE(out.ok());
  REQUIRE(out->size() == 1);
  CHECK(out->at(0).message.recipient == "7");
  auto sent = OutboundReplyFromJson(out->at(0).message.payload);
  REQUIRE(sent.ok());
  CHECK(sent->reply.buttons == ask.buttons);  // payloads as given, not the flows'
  // The flow goes on: the customer's answer is still the name asked before.
  auto answered = (*engine)->Handle(Message("tg:7", "m2", "Анна"));
  REQUIRE(answered.ok());
  CHECK(answered->replies.at(0).text == "Спасибо, Анна.");
}
