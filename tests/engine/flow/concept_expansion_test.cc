// Tests for engine/flow/concept_expansion.cc: @name in triggers stands for each
// word of the concept, the words stay distinct answers to a question, and
// mistakes are reported at the trigger's place.
#include "flow/concept_expansion.h"

#include <doctest/doctest.h>

#include "engine/flow/flow_test_helpers.h"
#include "support/bot_fixture.h"

namespace switchboard {
namespace {

using testing::Conversation;
using testing::ExpectAt;
using testing::LoadOne;

const char kSalon[] = R"(bot:
  languages: [ru]
concepts:
  услуга: [маникюр, педикюр, "коррекция бровей"]
flows:
  - id: prices
    triggers: {keywords: ["сколько стоит @услуга"]}
    steps:
      - say: "Цены"
  - id: booking
    triggers: {keywords: [записаться]}
    steps:
      - ask: service
        type: choice
        prompt: "Какая услуга?"
        options:
          - {value: manicure, label: "Маникюр"}
          - {value: pedicure, label: "Педикюр"}
      - say: "Записал: {{service}}"
)";

TEST_CASE("A trigger naming a concept stands for one trigger per word of it") {
  FlowLoadResult loaded = LoadOne(kSalon);
  testing::ExpectNoErrors(loaded);
  REQUIRE(loaded.sources.flows.size() == 2);
  std::vector<std::string> texts;
  for (const TriggerAst& t : loaded.sources.flows[0].triggers) texts.push_back(t.text);
  CHECK(texts == std::vector<std::string>{"сколько стоит маникюр", "сколько стоит педикюр",
                                          "сколько стоит коррекция бровей"});
  // Each expansion keeps the place of the trigger as written, for lint and explain.
  CHECK(loaded.sources.flows[0].triggers[2].pos.line == 7);
}

TEST_CASE("Every word of a concept leads to the flow, and the words stay different answers") {
  auto program = testing::CompileYaml({{"bot.yaml", kSalon}});
  REQUIRE(program != nullptr);
  Conversation chat(program);
  CHECK(Conversation::Text(chat.Say("сколько стоит педикюр")) == "Цены\n");
  CHECK(Conversation::Text(chat.Say("коррекция бровей сколько стоит")) == "Цены\n");
  // Unlike a synonym, "педикюр" is not "маникюр" at the service question.
  chat.Say("записаться");
  CHECK(Conversation::Text(chat.Say("педикюр")) == "Записал: pedicure\n");
}

TEST_CASE("Two concepts in one trigger stand for every combination") {
  FlowLoadResult loaded = LoadOne(R"(bot:
  languages: [ru]
concepts:
  день: [суббота, воскресенье]
  время: [утро, вечер]
flows:
  - id: hours
    triggers: {phrases: ["работаете в @день @время"]}
    steps: [{say: "10–21"}]
)");
  testing::ExpectNoErrors(loaded);
  REQUIRE(loaded.sources.flows.size() == 1);
  CHECK(loaded.sources.flows[0].triggers.size() == 4);
  CHECK(loaded.sources.flows[0].triggers[3].text == "работаете в воскресенье вечер");
}

TEST_CASE("An unknown concept is reported at its trigger with the closest name") {
  FlowLoadResult loaded = LoadOne(R"(bot:
  languages: [ru]
concepts:
  услуга: [маникюр]
flows:
  - id: prices
    triggers: {keywords: [цена, "цена @услуги"]}
    steps: [{say: "Цены"}]
)");
  const Diagnostic* d = ExpectAt(loaded, "unknown-concept", "bot.yaml", 7, 33);
  REQUIRE(d != nullptr);
  CHECK(d->hint == "did you mean '@услуга'?");
}

TEST_CASE("A concept without words and a trigger standing for too many are errors") {
  std::string words;
  for (int i = 0; i < 20; ++i) words += (i ? ", w" : "w") + std::to_string(i);
  FlowLoadResult loaded = LoadOne(
      "bot:\n  languages: [ru]\nconcepts:\n  пусто: []\n  много: [" + words +
      "]\nflows:\n  - id: f\n    triggers: {keywords: [\"@много @много\"]}\n    steps: [{say: x}]\n");
  ExpectAt(loaded, "empty-concept", "bot.yaml", 4, 3);
  ExpectAt(loaded, "concept-expansion", "bot.yaml", 8, 27);
}

TEST_CASE("An @ not followed by a name, and regexes, are left as written") {
  FlowLoadResult loaded = LoadOne(R"(bot:
  languages: [ru]
flows:
  - id: mail
    triggers: {keywords: ["пишите на @"], regex: ['\w+@\w+']}
    steps: [{say: "Почта"}]
)");
  testing::ExpectNoErrors(loaded);
  REQUIRE(loaded.sources.flows.size() == 1);
  CHECK(loaded.sources.flows[0].triggers[0].text == "пишите на @");
  CHECK(loaded.sources.flows[0].triggers[1].text == "\\w+@\\w+");
}

}  // namespace
}  // namespace switchboard
