// Tests for engine/flow/flow_checker.cc: one test per rule, through LoadFlowSources
// so that positions come from real YAML.
#include "flow/flow_checker.h"

#include <doctest/doctest.h>

#include "engine/flow/flow_test_helpers.h"

namespace switchboard {
namespace {

using testing::CountCode;
using testing::ExpectAt;
using testing::ExpectNoErrors;
using testing::FindCode;
using testing::LoadOne;

// A bot header every test shares: two lines.
const char kBot[] = "bot:\n  start: main\n";

TEST_CASE("Checker accepts a small correct bot without findings") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\n"
                             "triggers: {keywords: [hello]}\n"
                             "steps:\n"
                             "  - ask: name\n    prompt: Имя?\n"
                             "  - say: \"Привет, {{name}}! Язык: {{lang}}\"\n");
  INFO(testing::AllDiagnostics(r));
  CHECK(r.diagnostics.empty());
}

TEST_CASE("Checker reports a flow defined twice") {
  FlowLoadResult r = LoadFlowSources({{"a.yaml", std::string(kBot) + "flow: main\nsteps: [{say: x}]\n"},
                                      {"b.yaml", "flow: main\nsteps: [{say: y}]\n"}});
  const Diagnostic* d = ExpectAt(r, "duplicate-flow", "b.yaml", 1, 1);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("first in a.yaml at line 3") != std::string::npos);
}

TEST_CASE("Checker reports a step id used twice in a flow") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n  - id: x\n    say: a\n  - id: x\n    say: b\n");
  ExpectAt(r, "duplicate-step", "bot.yaml", 7, 5);
}

TEST_CASE("Checker reports a menu defined twice across files") {
  FlowLoadResult r = LoadFlowSources(
      {{"a.yaml", std::string(kBot) + "menus:\n  m: [{label: a, goto: main}]\nflow: main\nsteps: [{say: x}]\n"},
       {"b.yaml", "menus:\n  m: [{label: b, goto: main}]\n"}});
  ExpectAt(r, "duplicate-menu", "b.yaml", 2, 3);
}

TEST_CASE("Checker reports a choice option value used twice") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n  - ask: s\n    type: choice\n    prompt: p\n"
                             "    options:\n      - value: a\n      - value: a\n");
  ExpectAt(r, "duplicate-option", "bot.yaml", 10, 9);
}

TEST_CASE("Checker reports a goto to a missing step with a did-you-mean") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n  - goto: colect\n  - id: collect\n    end:\n");
  const Diagnostic* d = ExpectAt(r, "unknown-step", "bot.yaml", 5, 11);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("step 'colect' not found in flow 'main'") == 0);
  CHECK(d->hint == "did you mean 'collect'?");
}

TEST_CASE("Checker reports flow.step targets to a missing flow or step") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flows:\n"
                             "  - id: main\n    steps:\n"
                             "      - say: x\n        buttons:\n"
                             "          - {label: a, goto: bokking.start}\n"
                             "          - {label: b, goto: booking.strat}\n"
                             "  - id: booking\n    steps:\n      - id: start\n        end:\n");
  const Diagnostic* flow = ExpectAt(r, "unknown-flow", "bot.yaml", 8, 30);
  REQUIRE(flow != nullptr);
  CHECK(flow->hint == "did you mean 'booking'?");
  const Diagnostic* step = ExpectAt(r, "unknown-step", "bot.yaml", 9, 30);
  REQUIRE(step != nullptr);
  CHECK(step->hint == "did you mean 'start'?");
}

TEST_CASE("Checker reports missing targets of on_fail, branches, else, step triggers and commands") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "commands:\n  menu:\n    keywords: [menu]\n    goto: mian\n"
                             "flow: main\nsteps:\n"
                             "  - ask: n\n    prompt: p\n    on_fail: nowhere\n"
                             "    on: [{keywords: [x], goto: nope}]\n"
                             "  - if: [{when: n, goto: nix}]\n    else: nada\n");
  const Diagnostic* command = ExpectAt(r, "unknown-flow", "bot.yaml", 6, 11);
  REQUIRE(command != nullptr);
  CHECK(command->hint == "did you mean 'main'?");
  ExpectAt(r, "unknown-step", "bot.yaml", 11, 14);
  ExpectAt(r, "unknown-step", "bot.yaml", 12, 32);
  ExpectAt(r, "unknown-step", "bot.yaml", 13, 26);
  ExpectAt(r, "unknown-step", "bot.yaml", 14, 11);
}

TEST_CASE("Checker reports a reference to a missing menu") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "menus:\n  main_menu: [{label: a, goto: main}]\n"
                             "flow: main\nsteps:\n  - say: x\n    menu: mainmenu\n");
  const Diagnostic* d = ExpectAt(r, "unknown-menu", "bot.yaml", 8, 11);
  REQUIRE(d != nullptr);
  CHECK(d->hint == "did you mean 'main_menu'?");
}

TEST_CASE("Checker reports an invalid regex with RE2's own message") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\ntriggers:\n  regex: ['заказ (\\d+']\n"
                             "steps:\n  - ask: code\n    prompt: p\n    validate: '[0-9'\n");
  const Diagnostic* d = ExpectAt(r, "invalid-regex", "bot.yaml", 5, 11);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("missing )") != std::string::npos);
  const Diagnostic* v = ExpectAt(r, "invalid-regex", "bot.yaml", 9, 15);
  REQUIRE(v != nullptr);
  CHECK(v->message.find("missing ]") != std::string::npos);
}

TEST_CASE("Checker reports a slot used in a text before any step sets it") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n"
                             "  - say: \"Вы записаны на {{date}}, {{name|гость}}\"\n"
                             "  - ask: date\n    type: date\n    prompt: Когда?\n");
  const Diagnostic* d = ExpectAt(r, "slot-unset", "bot.yaml", 5, 10);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("slot 'date' is used here") == 0);
  CHECK(CountCode(r, "slot-unset") == 1);  // name has a fallback
}

TEST_CASE("Checker reports slots compared in conditions and used in set values before being set") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n"
                             "  - if:\n      - when: \"vip and age >= 18\"\n        goto: done\n"
                             "  - set: {a: \"x\", b: \"{{a}} {{c}}\"}\n"
                             "  - id: done\n    end:\n");
  const Diagnostic* age = ExpectAt(r, "slot-unset", "bot.yaml", 6, 15);
  REQUIRE(age != nullptr);
  CHECK(age->message.find("'age'") != std::string::npos);
  CHECK(CountCode(r, "slot-unset") == 2);  // age and c; vip is an existence check, a set before
  ExpectAt(r, "slot-unset", "bot.yaml", 8, 5);
}

TEST_CASE("Checker accepts slots set on some path, by regex groups, by other flows, and lang") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flows:\n"
                             "  - id: main\n"
                             "    triggers:\n      regex: ['заказ (?P<order>\\d+)']\n"
                             "    steps:\n"
                             "      - if: [{when: vip, goto: greet}]\n"
                             "      - ask: name\n        prompt: Имя?\n"
                             "      - id: greet\n"
                             "        say: \"{{name}} {{order}} {{lang}} {{phone}}\"\n"
                             "  - id: other\n    triggers: {keywords: [phone]}\n"
                             "    steps: [{ask: phone, type: phone, prompt: \"Телефон?\"}]\n");
  ExpectNoErrors(r);
}

TEST_CASE("Checker reports a waiting step with no way out") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n"
                             "  - id: pick\n    say: Выберите\n    buttons: [{label: again, goto: pick}]\n"
                             "  - goto: pick\n");
  const Diagnostic* d = ExpectAt(r, "no-way-out", "bot.yaml", 5, 5);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("step 'pick' of flow 'main' waits for input") == 0);
}

TEST_CASE("Checker accepts a waiting loop with an exit, and an ask that hands off on failure") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n"
                             "  - id: pick\n    say: Выберите\n"
                             "    buttons: [{label: again, goto: pick}, {label: bye, goto: bye}]\n"
                             "  - ask: x\n    prompt: p\n"
                             "  - goto: pick\n"
                             "  - id: bye\n    end:\n");
  CHECK(FindCode(r, "no-way-out") == nullptr);
  ExpectNoErrors(r);
}

TEST_CASE("Checker reports a loop of steps that never waits for input") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n"
                             "  - id: a\n    say: x\n  - set: {n: \"1\"}\n  - goto: a\n");
  const Diagnostic* d = ExpectAt(r, "loop-without-input", "bot.yaml", 5, 5);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("main.a -> main.#2 -> main.#3 -> main.a") != std::string::npos);
}

// set -> ask (skipped: its slot is set) -> POST -> goto: one message would post
// until the runtime's step cap, without a reply.
const char kServices[] = "services:\n  crm: {base_url: \"http://127.0.0.1:1\"}\n";

TEST_CASE("Checker reports a loop through a question whose slot is already set") {
  FlowLoadResult r = LoadOne(std::string(kBot) + kServices +
                             "flow: main\nsteps:\n"
                             "  - id: fill\n    set: {name: Анна}\n"
                             "  - id: who\n    ask: name\n    prompt: Имя?\n"
                             "  - http: {service: crm, method: POST, path: /leads, body: {name: \"{{name}}\"}}\n"
                             "    on_error: fill\n"
                             "  - goto: fill\n");
  const Diagnostic* d = ExpectAt(r, "loop-without-input", "bot.yaml", 7, 5);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("main.fill -> main.who -> main.#3 -> main.fill") != std::string::npos);
  CHECK(d->message.find("the question for 'name' is skipped") != std::string::npos);
}

// The runtime fills a question from the entering message at most once per entry of
// the flow, so a loop through it waits on its second pass.
TEST_CASE("Checker accepts a loop through a question that only the first message may answer") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n"
                             "  - id: day\n    ask: date\n    type: date\n    prefill: true\n"
                             "    skip_if_set: false\n    prompt: Когда?\n"
                             "  - say: \"Записал на {{date}}\"\n"
                             "  - goto: day\n");
  CHECK(FindCode(r, "loop-without-input") == nullptr);
}

TEST_CASE("Checker accepts a loop that clears the question's slot before asking again") {
  FlowLoadResult r = LoadOne(std::string(kBot) + kServices +
                             "flow: main\nsteps:\n"
                             "  - id: who\n    ask: name\n    prompt: Имя?\n"
                             "  - http: {service: crm, method: POST, path: /leads}\n"
                             "    on_status: {409: again}\n    on_error: again\n"
                             "  - end:\n"
                             "  - id: again\n    set: {name: \"\"}\n"
                             "  - goto: who\n");
  CHECK(FindCode(r, "loop-without-input") == nullptr);
  ExpectNoErrors(r);
}

TEST_CASE("Checker accepts a loop through a question that is always asked, or buttons") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n"
                             "  - id: who\n    ask: name\n    skip_if_set: false\n    prompt: Имя?\n"
                             "  - say: \"Ещё раз, {{name}}?\"\n"
                             "    buttons: [{label: Да, goto: who}, {label: Нет, goto: bye}]\n"
                             "  - goto: who\n"
                             "  - id: bye\n    end:\n");
  CHECK(FindCode(r, "loop-without-input") == nullptr);
}

TEST_CASE("Checker refuses link buttons that are not web, Telegram, mail or phone links") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flow: main\nsteps:\n"
                             "  - say: Ссылки\n"
                             "    buttons:\n"
                             "      - {label: a, url: \"javascript:alert(1)\"}\n"
                             "      - {label: b, url: \"file:///etc/passwd\"}\n"
                             "      - {label: c, url: \"data:text/html,<script>x</script>\"}\n"
                             "      - {label: d, url: \"JavaScript:alert(1)\"}\n"
                             "      - {label: e, url: \"https://\"}\n"
                             "      - {label: f, url: \"www.example.com\"}\n"
                             "      - {label: g, url: \"https://lumi.example/price\"}\n"
                             "      - {label: h, url: \"tg://resolve?domain=lumi\"}\n"
                             "      - {label: i, url: \"mailto:hello@lumi.example\"}\n"
                             "      - {label: j, url: \"tel:+74951234567\"}\n");
  for (int line : {7, 8, 9, 10, 11, 12}) ExpectAt(r, "button-url", "bot.yaml", line, 9);
  CHECK(CountCode(r, "button-url") == 6);
}

TEST_CASE("Checker reports empty and overlong button labels") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "menus:\n  m: [{label: \"  \", goto: main}]\n"
                             "flow: main\nsteps:\n"
                             "  - say: x\n    menu: m\n"
                             "    buttons:\n"
                             "      - {label: {ru: \"\", en: Ok}, goto: main}\n"
                             "      - {label: \"Записаться на маникюр и педикюр к лучшему мастеру\", goto: main}\n"
                             "      - {label: \"Записаться на маникюр\", goto: main}\n");
  ExpectAt(r, "button-label", "bot.yaml", 4, 15);
  ExpectAt(r, "button-label", "bot.yaml", 10, 17);
  const Diagnostic* long_label = ExpectAt(r, "button-label", "bot.yaml", 11, 17);
  REQUIRE(long_label != nullptr);
  CHECK(long_label->severity == Severity::kError);
  CHECK(CountCode(r, "button-label") == 3);  // 21 characters fit
}

TEST_CASE("Checker reports a loop without input across flows") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flows:\n"
                             "  - id: main\n    steps: [{say: x}, {goto: other}]\n"
                             "  - id: other\n    steps: [{if: [{when: flag, goto: main}], else: main}]\n");
  ExpectAt(r, "loop-without-input", "bot.yaml", 5, 13);
  CHECK(CountCode(r, "loop-without-input") == 1);
}

TEST_CASE("Checker reports a goto to itself as a loop") {
  FlowLoadResult r = LoadOne(std::string(kBot) + "flow: main\nsteps:\n  - id: a\n    goto: a\n");
  ExpectAt(r, "loop-without-input", "bot.yaml", 5, 5);
}

TEST_CASE("Checker warns about unreachable steps but not about steps others jump to") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "menus:\n  m: [{label: x, goto: main.from_menu}]\n"
                             "flows:\n"
                             "  - id: main\n    steps:\n"
                             "      - end:\n"
                             "      - id: orphan\n        say: never\n"
                             "      - id: from_menu\n        say: menu\n"
                             "      - id: from_flow\n        end:\n"
                             "  - id: other\n    triggers: {keywords: [o]}\n    steps: [{goto: main.from_flow}]\n");
  const Diagnostic* d = ExpectAt(r, "unreachable-step", "bot.yaml", 9, 9);
  REQUIRE(d != nullptr);
  CHECK(d->severity == Severity::kWarning);
  CHECK(CountCode(r, "unreachable-step") == 1);
}

TEST_CASE("Checker warns about a flow with no triggers that nothing jumps to") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "flows:\n"
                             "  - id: main\n    steps: [{say: x}]\n"
                             "  - id: lonely\n    steps: [{say: y}]\n"
                             "  - id: target\n    steps: [{say: z}]\n"
                             "commands:\n  operator: {keywords: [human], goto: target}\n");
  const Diagnostic* d = ExpectAt(r, "unused-flow", "bot.yaml", 6, 5);
  REQUIRE(d != nullptr);
  CHECK(d->severity == Severity::kWarning);
  CHECK(CountCode(r, "unused-flow") == 1);  // main is bot.start, target has a command
}

TEST_CASE("Checker warns when bot.start is missing and errs when it names no flow") {
  FlowLoadResult missing = LoadOne("flow: main\ntriggers: {keywords: [x]}\nsteps: [{say: x}]\n");
  const Diagnostic* d = FindCode(missing, "missing-start");
  REQUIRE(d != nullptr);
  CHECK(d->severity == Severity::kWarning);
  FlowLoadResult wrong = LoadOne("bot:\n  start: mian\nflow: main\nsteps: [{say: x}]\n");
  const Diagnostic* start = ExpectAt(wrong, "unknown-flow", "bot.yaml", 2, 10);
  REQUIRE(start != nullptr);
  CHECK(start->hint == "did you mean 'main'?");
}

TEST_CASE("Checker skips the slot check of a flow too large for it, with a warning") {
  std::string yaml = std::string(kBot) + "flow: main\nsteps:\n";
  for (int i = 0; i < 5000; ++i) {
    yaml += "  - {ask: s" + std::to_string(i) + ", prompt: '{{s" + std::to_string(i + 1) + "}}'}\n";
  }
  FlowLoadResult r = LoadOne(yaml);
  const Diagnostic* d = ExpectAt(r, "checks-skipped", "bot.yaml", 3, 1);
  REQUIRE(d != nullptr);
  CHECK(d->severity == Severity::kWarning);
  CHECK(CountCode(r, "slot-unset") == 0);
}

TEST_CASE("Checker reports an unclosed template in a text") {
  FlowLoadResult r = LoadOne(std::string(kBot) + "flow: main\nsteps:\n  - say: \"Привет, {{name\"\n");
  const Diagnostic* d = ExpectAt(r, "bad-template", "bot.yaml", 5, 10);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("unclosed '{{' at column 9") == 0);
}

TEST_CASE("Checker reports slots in fallback and menus that no flow sets") {
  FlowLoadResult r = LoadOne(std::string(kBot) +
                             "fallback:\n  - say: \"{{ghost}}?\"\n"
                             "flow: main\nsteps: [{say: x}]\n");
  ExpectAt(r, "slot-unset", "bot.yaml", 4, 10);
}

}  // namespace
}  // namespace switchboard
