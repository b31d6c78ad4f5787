// The dialog runtime, construct by construct, on small bots written inline.
#include <doctest/doctest.h>

#include "flow/flow_compiler.h"
#include "flow/flow_loader.h"
#include "support/bot_fixture.h"

using namespace switchboard;
using namespace switchboard::testing;

namespace {

const char* kBot = R"(
bot:
  languages: [ru, en]
  default_language: ru
  start: main_menu
commands:
  cancel:
    keywords: [отмена, cancel]
  back:
    keywords: [назад, back]
  operator:
    keywords: [оператор, operator]
    goto: operator
menus:
  main:
    - label: {ru: "Записаться", en: "Book"}
      goto: booking
    - label: {ru: "Часы работы", en: "Hours"}
      goto: hours
fallback:
  - say: {ru: "Не понял, выберите:", en: "Sorry, choose:"}
    menu: main
  - say: {ru: "Позвать оператора?", en: "Call an operator?"}
  - handoff: {reason: fallback}
flows:
  - id: main_menu
    steps:
      - say: {ru: "Здравствуйте! Это Lumi.", en: "Hello! This is Lumi."}
        menu: main
  - id: hours
    title: {ru: "Часы работы", en: "Opening hours"}
    triggers:
      keywords:
        ru: [режим работы, часы работы]
        en: [opening hours]
    steps:
      - say: {ru: "Открыты с 10:00 до 21:00.", en: "Open 10:00 to 21:00."}
  - id: operator
    steps:
      - handoff: {reason: operator, department: support, priority: 1}
        say: {ru: "Зову оператора.", en: "Calling an operator."}
  - id: order_status
    resume: false
    triggers:
      regex: ['заказ\s+(?P<order>\d{6,8})']
      keywords: [где заказ]
    steps:
      - ask: order
        type: text
        validate: '\d{6,8}'
        prompt: "Номер заказа?"
        retry: "Нужен номер из 6–8 цифр."
        max_attempts: 2
        on_fail: operator
      - say: "Заказ {{order}} в пути."
  - id: booking
    triggers:
      keywords: [записаться, book]
    steps:
      - id: ask_service
        ask: service
        type: choice
        prefill: true
        prompt: {ru: "Какая услуга?", en: "Which service?"}
        options:
          - value: manicure
            label: {ru: "Маникюр", en: "Manicure"}
            synonyms: [ногти]
          - value: haircut
            label: {ru: "Стрижка", en: "Haircut"}
      - id: ask_date
        ask: date
        type: date
        prefill: true
        prompt: "Какой день?"
        retry: "Не понял дату, например: завтра, 25.12"
      - id: ask_name
        ask: name
        type: text
        prompt: "Как вас зовут?"
      - id: ask_phone
        ask: phone
        type: phone
        prompt: "Телефон?"
      - if:
          - when: "service == manicure"
            goto: manicure_note
        else: done
      - id: manicure_note
        say: "Маникюр у Марии."
      - id: done
        say: "{{name}}, записали: {{service}} {{date}}, {{phone}}."
)";

std::shared_ptr<const FlowProgram> Bot() {
  static auto program = CompileYaml({{"bot.yaml", kBot}});
  REQUIRE(program);
  return program;
}

}  // namespace

TEST_CASE("The first message that matches nothing greets with the main menu") {
  Conversation c(Bot());
  TurnOutput out = c.Say("привет");
  CHECK(Conversation::Text(out).find("Здравствуйте") != std::string::npos);
  CHECK(Conversation::Labels(out) == std::vector<std::string>{"Записаться", "Часы работы"});
  CHECK_FALSE(out.fallback);
}

TEST_CASE("A keyword enters its flow and the answer comes in the message's language") {
  Conversation ru(Bot());
  CHECK(Conversation::Text(ru.Say("какой у вас режим работы?")).find("Открыты") != std::string::npos);
  CHECK(ru.state().language == "ru");
  Conversation en(Bot());
  TurnOutput out = en.Say("what are your opening hours");
  CHECK(out.entered_flow == "hours");
  CHECK(Conversation::Text(out).find("Open 10:00") != std::string::npos);
  CHECK(en.state().language == "en");
}

TEST_CASE("A menu button jumps to its flow") {
  Conversation c(Bot());
  c.Start();
  TurnOutput out = c.Press("Часы работы");
  CHECK(Conversation::Text(out).find("Открыты") != std::string::npos);
}

TEST_CASE("Typing a button's number or label presses it") {
  Conversation c(Bot());
  c.Start();
  CHECK(Conversation::Text(c.Say("2")).find("Открыты") != std::string::npos);
  c.Start();
  CHECK(Conversation::Text(c.Say("часы работы")).find("Открыты") != std::string::npos);
}

TEST_CASE("A form collects typed slots in order and renders them") {
  Conversation c(Bot());
  CHECK(Conversation::Text(c.Say("хочу записаться")).find("Какая услуга?") != std::string::npos);
  CHECK(Conversation::Text(c.Say("ногти")).find("Какой день?") != std::string::npos);
  CHECK(c.state().slots["service"] == "manicure");
  CHECK(Conversation::Text(c.Say("в субботу")).find("Как вас зовут?") != std::string::npos);
  CHECK(c.state().slots["date"] == "2026-11-28");
  CHECK(Conversation::Text(c.Say("Анна")).find("Телефон?") != std::string::npos);
  TurnOutput last = c.Say("8 916 123-45-67");
  std::string text = Conversation::Text(last);
  CHECK(text.find("Маникюр у Марии.") != std::string::npos);
  CHECK(text.find("Анна, записали: manicure 2026-11-28, +79161234567.") != std::string::npos);
  CHECK(c.state().waiting.empty());
}

TEST_CASE("A choice question shows its options as buttons and takes a press") {
  Conversation c(Bot());
  TurnOutput out = c.Say("book");
  CHECK(Conversation::Labels(out) == std::vector<std::string>{"Manicure", "Haircut"});
  c.Press("Haircut");
  CHECK(c.state().slots["service"] == "haircut");
}

TEST_CASE("An invalid answer is asked again with the retry text") {
  Conversation c(Bot());
  c.Say("записаться");
  c.Say("маникюр");
  TurnOutput out = c.Say("когда-нибудь потом");
  CHECK(Conversation::Text(out).find("Не понял дату") != std::string::npos);
  CHECK(c.state().attempts == 1);
  CHECK_FALSE(c.state().slots.count("date"));
}

TEST_CASE("After the maximum of attempts the question's on_fail runs") {
  Conversation c(Bot());
  c.Say("где заказ");
  CHECK(Conversation::Text(c.Say("не помню")).find("6–8 цифр") != std::string::npos);
  TurnOutput out = c.Say("правда не помню");
  CHECK(Conversation::Text(out).find("Зову оператора") != std::string::npos);
  CHECK(c.state().with_people());
}

TEST_CASE("Regex named groups fill slots so the question is not asked") {
  Conversation c(Bot());
  TurnOutput out = c.Say("где мой заказ 1234567?");
  CHECK(out.entered_flow == "order_status");
  CHECK(c.state().slots["order"] == "1234567");
  CHECK(Conversation::Text(out).find("Заказ 1234567 в пути.") != std::string::npos);
  CHECK(Conversation::Text(out).find("Номер заказа?") == std::string::npos);
}

TEST_CASE("A customer's value is never evaluated as a template") {
  Conversation c(Bot());
  c.Say("записаться");
  c.Say("маникюр");
  c.Say("завтра");
  c.Say("{{phone}} {{service}}");
  TurnOutput out = c.Say("+79161234567");
  CHECK(Conversation::Text(out).find("{{phone}} {{service}}, записали") != std::string::npos);
}

TEST_CASE("An FAQ question in the middle of a form is answered and the question asked again") {
  Conversation c(Bot());
  c.Say("записаться");
  c.Say("маникюр");
  TurnOutput out = c.Say("а какой у вас режим работы?");
  std::string text = Conversation::Text(out);
  CHECK(text.find("Открыты") != std::string::npos);
  CHECK(text.find("Какой день?") != std::string::npos);
  CHECK(c.Say("завтра").replies.size() == 1);
  CHECK(c.state().slots["date"] == "2026-11-24");
}

TEST_CASE("Cancel leaves the form at any step") {
  Conversation c(Bot());
  c.Say("записаться");
  c.Say("маникюр");
  TurnOutput out = c.Say("отмена");
  CHECK(c.state().waiting.empty());
  CHECK(Conversation::Text(out).find("отменил") != std::string::npos);
  // The next message is not read as a date.
  CHECK(c.Say("завтра").fallback);
}

TEST_CASE("Back returns to the previous question and clears its answer") {
  Conversation c(Bot());
  c.Say("записаться");
  c.Say("маникюр");
  TurnOutput out = c.Say("назад");
  CHECK(Conversation::Text(out).find("Какая услуга?") != std::string::npos);
  CHECK_FALSE(c.state().slots.count("service"));
  c.Say("стрижка");
  CHECK(c.state().slots["service"] == "haircut");
}

TEST_CASE("The operator command works in the middle of a question") {
  Conversation c(Bot());
  c.Say("записаться");
  TurnOutput out = c.Say("оператор");
  CHECK(c.state().with_people());
  bool handed_off = false;
  for (const Event& e : out.events) {
    if (e.type == EventType::kHandedOff) {
      handed_off = true;
      CHECK(e.value == "operator");
      CHECK(e.attrs.at("department") == "support");
      CHECK(e.attrs.at("priority") == "1");
    }
  }
  CHECK(handed_off);
}

TEST_CASE("With an operator the bot stays quiet but logs the customer") {
  Conversation c(Bot());
  c.Say("оператор");
  TurnOutput out = c.Say("алло?");
  CHECK(out.replies.empty());
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0].type == EventType::kUserSaid);
}

TEST_CASE("The fallback policy escalates on the 1st, 2nd and 3rd miss in a row") {
  Conversation c(Bot());
  c.Start();
  TurnOutput first = c.Say("ывапролд");
  CHECK(first.fallback);
  CHECK(Conversation::Text(first).find("Не понял") != std::string::npos);
  CHECK(Conversation::Labels(first).size() == 2);
  CHECK(Conversation::Text(c.Say("фывфыв")).find("Позвать оператора") != std::string::npos);
  c.Say("йцукен");
  CHECK(c.state().with_people());
}

TEST_CASE("A recognised message resets the fallback count") {
  Conversation c(Bot());
  c.Start();
  c.Say("ывапролд");
  c.Say("режим работы");
  TurnOutput out = c.Say("фывфыв");
  CHECK(Conversation::Text(out).find("Не понял") != std::string::npos);
}

TEST_CASE("Every turn logs the customer's message first and the bot's replies") {
  Conversation c(Bot());
  TurnOutput out = c.Say("режим работы");
  REQUIRE_FALSE(out.events.empty());
  CHECK(out.events.front().type == EventType::kUserSaid);
  CHECK(out.events.front().text == "режим работы");
  int bot_said = 0;
  for (const Event& e : out.events) bot_said += e.type == EventType::kBotSaid;
  CHECK(bot_said == 1);
}

TEST_CASE("Questions answered by the message that entered the flow are not asked") {
  Conversation c(Bot());
  TurnOutput out = c.Say("хочу записаться на маникюр в субботу");
  CHECK(c.state().slots["service"] == "manicure");
  CHECK(c.state().slots["date"] == "2026-11-28");
  CHECK(Conversation::Text(out).find("Как вас зовут?") != std::string::npos);
}

TEST_CASE("Prefill reaches questions after one that had to be asked, once each") {
  Conversation c(Bot());
  CHECK(Conversation::Text(c.Say("записаться на завтра")).find("Какая услуга?") != std::string::npos);
  TurnOutput out = c.Say("стрижка");
  CHECK(c.state().slots["date"] == "2026-11-24");
  CHECK(Conversation::Text(out).find("Как вас зовут?") != std::string::npos);
  // Back to the date: it is asked now, not filled in from the first message again.
  out = c.Say("назад");
  CHECK(Conversation::Text(out).find("Какой день?") != std::string::npos);
}

TEST_CASE("An FAQ question during a form does not prefill the form's questions") {
  Conversation c(Bot());
  c.Say("записаться");
  CHECK(Conversation::Text(c.Say("режим работы в субботу")).find("Какая услуга?") != std::string::npos);
  c.Say("маникюр");
  CHECK_FALSE(c.state().slots.count("date"));
}

TEST_CASE("A choice also keeps the chosen option's label in the conversation's language") {
  Conversation ru(Bot());
  ru.Say("записаться");
  ru.Say("ногти");
  CHECK(ru.state().slots["service_label"] == "Маникюр");
  Conversation en(Bot());
  en.Say("book");
  en.Press("Haircut");
  CHECK(en.state().slots["service_label"] == "Haircut");
}

TEST_CASE("A turn that runs away without waiting is handed to operators, the reason logged") {
  // The checker refuses such a loop; the runtime still stops one that slips past
  // (compiled here without the checker's verdict).
  FlowLoadResult loaded = LoadFlowSources({{"bot.yaml", R"(
flows:
  - id: loop
    triggers: {keywords: [петля]}
    steps:
      - id: a
        set: {x: "1"}
      - id: b
        goto: a
)"}});
  std::vector<Diagnostic> diagnostics;
  auto program = CompileBot(loaded.sources, &diagnostics);
  REQUIRE(program.ok());
  Conversation c(*program);
  TurnOutput out = c.Say("петля");
  CHECK(c.state().with_people());
  CHECK(out.queue.kind == QueueChange::Kind::kEnqueue);
  bool logged = false;
  for (const Event& e : out.events) logged = logged || (e.type == EventType::kHandedOff && e.value == "step_limit");
  CHECK(logged);
  CHECK(out.steps.size() <= 200);
}
