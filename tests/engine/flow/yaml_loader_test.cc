// Tests for engine/flow/yaml_loader.cc through LoadFlowSources: one test per loader
// error (file, line, column, code) and one per language construct (the AST built).
#include "flow/yaml_loader.h"

#include <doctest/doctest.h>

#include "engine/flow/flow_test_helpers.h"

namespace switchboard {
namespace {

using testing::CountCode;
using testing::ExpectAt;
using testing::ExpectNoErrors;
using testing::FindCode;
using testing::LoadOne;

// Loads without running the checker: construct tests look at the AST only.
FlowLoadResult ParseOne(const std::string& yaml) { return ParseFlowSources({{"bot.yaml", yaml}}); }

// --- errors -------------------------------------------------------------------

TEST_CASE("Loader reports a YAML syntax error with its 1-based position") {
  FlowLoadResult r = LoadOne("flows:\n  - id: a\n    steps: [say: x\n");
  const Diagnostic* d = FindCode(r, "yaml-syntax");
  REQUIRE(d != nullptr);
  CHECK(d->file == "bot.yaml");
  CHECK(d->line == 4);
  CHECK(d->column == 1);
}

TEST_CASE("Loader hints to quote a text with a question mark inside brackets") {
  FlowLoadResult r = LoadOne("flow: a\nsteps:\n  - say: {ru: Сколько?, en: x}\n");
  const Diagnostic* d = ExpectAt(r, "yaml-syntax", "bot.yaml", 3, 22);
  REQUIRE(d != nullptr);
  CHECK(d->hint.find("in quotes") != std::string::npos);
}

TEST_CASE("Loader hints at single quotes for a backslash in double quotes") {
  FlowLoadResult r = LoadOne("flow: a\ntriggers:\n  regex: [\"\\d+\"]\nsteps: [{say: x}]\n");
  const Diagnostic* d = FindCode(r, "yaml-syntax");
  REQUIRE(d != nullptr);
  CHECK(d->line == 3);
  CHECK(d->hint.find("single quotes") != std::string::npos);
}

TEST_CASE("Loader reports an unknown key with a did-you-mean and the expected keys") {
  FlowLoadResult r = LoadOne(
      "flow: booking\n"
      "steps:\n"
      "  - ask: name\n"
      "    promt: \"Your name?\"\n");
  const Diagnostic* d = ExpectAt(r, "unknown-key", "bot.yaml", 4, 5);
  REQUIRE(d != nullptr);
  CHECK(d->hint == "did you mean 'prompt'?");
  CHECK(d->message.find("unknown key 'promt' in an 'ask' step; expected one of") == 0);
  CHECK(d->message.find("retry") != std::string::npos);
  // The required prompt is also reported missing, at the step.
  ExpectAt(r, "missing-key", "bot.yaml", 3, 5);
}

TEST_CASE("Loader reports an unknown top-level section") {
  FlowLoadResult r = LoadOne("flws:\n  - id: a\n");
  const Diagnostic* d = ExpectAt(r, "unknown-key", "bot.yaml", 1, 1);
  REQUIRE(d != nullptr);
  CHECK(d->hint == "did you mean 'flows'?");
}

TEST_CASE("Loader reports a wrong type with what was found and expected") {
  FlowLoadResult r = LoadOne("synonyms:\n  price: {cost: 1}\n");
  const Diagnostic* d = ExpectAt(r, "wrong-type", "bot.yaml", 2, 10);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("expected a list of strings") == 0);
  CHECK(d->message.find("found a map") != std::string::npos);
}

TEST_CASE("Loader reports keywords written as a string instead of a list") {
  FlowLoadResult r = LoadOne("flow: a\ntriggers:\n  keywords: price\nsteps:\n  - say: x\n");
  const Diagnostic* d = ExpectAt(r, "wrong-type", "bot.yaml", 3, 13);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("found a string ('price')") != std::string::npos);
}

TEST_CASE("Loader reports a missing required key") {
  FlowLoadResult r = LoadOne("flows:\n  - id: a\n    triggers: {keywords: [x]}\n");
  const Diagnostic* d = ExpectAt(r, "missing-key", "bot.yaml", 2, 5);
  REQUIRE(d != nullptr);
  CHECK(d->message == "missing required key 'steps' in flow 'a'");
}

TEST_CASE("Loader reports a duplicate key in a map") {
  FlowLoadResult r = LoadOne("flow: a\nsteps:\n  - say: x\n    say: y\n");
  const Diagnostic* d = ExpectAt(r, "duplicate-key", "bot.yaml", 4, 5);
  REQUIRE(d != nullptr);
  CHECK(d->message == "duplicate key 'say' (first written at line 3)");
}

TEST_CASE("Loader reports a text in a language not in bot.languages") {
  FlowLoadResult r = LoadFlowSources(
      {{"a.yaml", "flow: a\nsteps:\n  - say: {ru: Привет, de: Hallo}\n"},
       {"bot.yaml", "bot:\n  languages: [ru, en]\n  start: a\n"}});
  const Diagnostic* d = ExpectAt(r, "unknown-language", "a.yaml", 3, 23);
  REQUIRE(d != nullptr);
  CHECK(d->message == "unknown language 'de'; bot.languages is [ru, en]");
}

TEST_CASE("Loader reports a trigger list keyed by an unknown language") {
  FlowLoadResult r = LoadOne("flow: a\ntriggers:\n  keywords:\n    eng: [price]\nsteps:\n  - say: x\n");
  const Diagnostic* d = ExpectAt(r, "unknown-language", "bot.yaml", 4, 5);
  REQUIRE(d != nullptr);
  CHECK(d->hint == "did you mean 'en'?");
}

TEST_CASE("Loader reports a step with two actions") {
  FlowLoadResult r = LoadOne("flow: a\nsteps:\n  - say: x\n    goto: b\n");
  const Diagnostic* d = ExpectAt(r, "step-two-actions", "bot.yaml", 4, 5);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("'say' and 'goto'") != std::string::npos);
}

TEST_CASE("Loader reports a step with no action and suggests one") {
  FlowLoadResult r = LoadOne("flow: a\nsteps:\n  - id: hello\n    sya: x\n");
  const Diagnostic* d = ExpectAt(r, "step-no-action", "bot.yaml", 3, 5);
  REQUIRE(d != nullptr);
  CHECK(d->hint == "did you mean 'say'?");
}

TEST_CASE("Loader reports an unknown slot type") {
  FlowLoadResult r = LoadOne("flow: a\nsteps:\n  - ask: phone\n    type: phon\n    prompt: x\n");
  const Diagnostic* d = ExpectAt(r, "unknown-slot-type", "bot.yaml", 4, 11);
  REQUIRE(d != nullptr);
  CHECK(d->hint == "did you mean 'phone'?");
}

TEST_CASE("Loader reports a choice question without options and options on a text question") {
  FlowLoadResult r = LoadOne(
      "flow: a\nsteps:\n"
      "  - ask: service\n    type: choice\n    prompt: x\n"
      "  - ask: name\n    prompt: y\n    options: [{value: a}]\n"
      "  - ask: age\n    prompt: z\n    min: 1\n");
  ExpectAt(r, "missing-key", "bot.yaml", 3, 5);
  ExpectAt(r, "key-not-allowed", "bot.yaml", 8, 14);
  ExpectAt(r, "key-not-allowed", "bot.yaml", 11, 10);
}

TEST_CASE("Loader reports a condition parse error at the condition's column") {
  FlowLoadResult r = LoadOne(
      "flow: a\nsteps:\n  - if:\n      - when: \"age = 18\"\n        goto: b\n  - id: b\n    end:\n");
  const Diagnostic* d = ExpectAt(r, "bad-condition", "bot.yaml", 4, 20);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("unknown operator '='") == 0);
}

TEST_CASE("Loader reports numbers out of range in bot settings") {
  FlowLoadResult r = LoadOne("bot:\n  match_threshold: 1.5\n  ambiguity_margin: lots\n");
  const Diagnostic* d = ExpectAt(r, "out-of-range", "bot.yaml", 2, 20);
  REQUIRE(d != nullptr);
  CHECK(d->message == "match_threshold must be between 0 and 1, found 1.5");
  ExpectAt(r, "wrong-type", "bot.yaml", 3, 21);
}

TEST_CASE("Loader reports a default language missing from bot.languages") {
  FlowLoadResult r = LoadOne("bot:\n  languages: [ru, en]\n  default_language: kz\n");
  ExpectAt(r, "unknown-language", "bot.yaml", 3, 21);
}

TEST_CASE("Loader reports a second bot section in another file") {
  FlowLoadResult r = LoadFlowSources({{"a.yaml", "bot:\n  start: x\n"}, {"b.yaml", "bot:\n  start: y\n"}});
  const Diagnostic* d = ExpectAt(r, "duplicate-section", "b.yaml", 1, 1);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("a.yaml at line 1") != std::string::npos);
}

TEST_CASE("Loader reports a file with both flow and flows") {
  FlowLoadResult r = LoadOne("flow: a\nsteps: [{say: x}]\nflows: []\n");
  ExpectAt(r, "flow-and-flows", "bot.yaml", 3, 1);
}

TEST_CASE("Loader reports steps without a flow id") {
  FlowLoadResult r = LoadOne("steps:\n  - say: x\n");
  const Diagnostic* d = ExpectAt(r, "unknown-key", "bot.yaml", 1, 1);
  REQUIRE(d != nullptr);
  CHECK(d->hint.find("flow: <id>") != std::string::npos);
}

TEST_CASE("Loader reports invalid ids, slot names and targets") {
  FlowLoadResult r = LoadOne(
      "flow: 1st\nsteps:\n  - ask: \"your name\"\n    prompt: x\n  - goto: \"a.b.c\"\n");
  ExpectAt(r, "invalid-id", "bot.yaml", 1, 7);
  ExpectAt(r, "invalid-slot-name", "bot.yaml", 3, 10);
  ExpectAt(r, "invalid-target", "bot.yaml", 5, 11);
}

TEST_CASE("Loader reports a button with both goto and url, and one with neither") {
  FlowLoadResult r = LoadOne(
      "menus:\n  main:\n    - {label: a, goto: x, url: \"https://x\"}\n    - label: b\n");
  ExpectAt(r, "button-goto-and-url", "bot.yaml", 3, 32);
  ExpectAt(r, "missing-key", "bot.yaml", 4, 7);
}

TEST_CASE("Loader reports commands it does not know and cancel with a goto") {
  FlowLoadResult r = LoadOne(
      "commands:\n  cancle:\n    keywords: [x]\n  cancel:\n    keywords: [stop]\n    goto: main\n"
      "  operator:\n    keywords: [human]\n");
  const Diagnostic* d = ExpectAt(r, "unknown-key", "bot.yaml", 2, 3);
  REQUIRE(d != nullptr);
  CHECK(d->hint == "did you mean 'cancel'?");
  ExpectAt(r, "key-not-allowed", "bot.yaml", 6, 5);
  ExpectAt(r, "missing-key", "bot.yaml", 8, 5);
}

TEST_CASE("Loader reports 'end' with a value") {
  FlowLoadResult r = LoadOne("flow: a\nsteps:\n  - end: bye\n");
  ExpectAt(r, "wrong-type", "bot.yaml", 3, 10);
}

TEST_CASE("Loader reports a malformed language code in bot.languages") {
  FlowLoadResult r = LoadOne("bot:\n  languages: [ru, English]\n");
  ExpectAt(r, "invalid-language", "bot.yaml", 2, 19);
}

TEST_CASE("Loader reports a flow with an empty step list and an empty keyword") {
  FlowLoadResult r = LoadOne("flow: a\ntriggers: {keywords: [\"\"]}\nsteps: []\n");
  ExpectAt(r, "empty-trigger", "bot.yaml", 2, 23);
  ExpectAt(r, "empty-flow", "bot.yaml", 3, 8);
}

TEST_CASE("Loader refuses YAML aliases with a clear error") {
  FlowLoadResult r = LoadOne("menus:\n  a: &x\n    - {label: a, goto: b}\n  b: *x\n");
  const Diagnostic* d = ExpectAt(r, "yaml-alias", "bot.yaml", 4, 6);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("aliases") != std::string::npos);
}

TEST_CASE("Loader refuses YAML tags such as !include with their position") {
  FlowLoadResult r = LoadOne("flow: a\nsteps:\n  - say: !include secrets.yaml\n");
  const Diagnostic* d = ExpectAt(r, "yaml-tag", "bot.yaml", 3, 10);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("'!include'") != std::string::npos);
  ExpectAt(LoadOne("flow: a\nsteps: !!seq\n  - say: x\n"), "yaml-tag", "bot.yaml", 2, 8);
  ExpectAt(LoadOne("flow: a\nsteps: [{say: !!str 3}]\n"), "yaml-tag", "bot.yaml", 2, 15);
}

TEST_CASE("Loader refuses nesting hidden behind anchors and tags") {
  std::string deep = "flow: a\nsteps: ";
  for (int i = 0; i < 5000; ++i) deep += "&a" + std::to_string(i) + " [";
  FlowLoadResult r = LoadOne(deep + "\n");
  CHECK(FindCode(r, "too-deep") != nullptr);
  std::string tagged = "flow: a\nsteps: ";
  for (int i = 0; i < 5000; ++i) tagged += "!t [";
  r = LoadOne(tagged + "\n");
  CHECK(FindCode(r, "too-deep") != nullptr);
}

TEST_CASE("The YAML parse stops at the depth limit by itself, not only by the pre-check") {
  // CheckYamlText runs without the text pre-check: the bound holds while parsing,
  // before yaml-cpp descends a level deeper than the limit.
  YamlLoadContext context;
  context.max_depth = 8;
  std::vector<Diagnostic> diagnostics;
  CHECK_FALSE(CheckYamlText("t.yaml", "a: " + std::string(9, '[') + std::string(9, ']'), &context,
                            &diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].code == "too-deep");
  diagnostics.clear();
  CHECK(CheckYamlText("t.yaml", "a: " + std::string(6, '[') + std::string(6, ']'), &context,
                      &diagnostics));
}

TEST_CASE("Loader says 'tab' for a tab in indentation, at the tab") {
  FlowLoadResult r = LoadOne("flow: a\nsteps:\n  - say: x\n  \tbuttons: []\n");
  const Diagnostic* d = ExpectAt(r, "yaml-tab", "bot.yaml", 4, 3);
  REQUIRE(d != nullptr);
  CHECK(d->message == "tab character in indentation; YAML indents with spaces");
  ExpectAt(LoadOne("flow: a\nsteps:\n\t- say: x\n"), "yaml-tab", "bot.yaml", 3, 1);
}

TEST_CASE("Loader blames indentation and points at the line whose indentation differs") {
  // `ask:` one space left of the step's other keys: yaml-cpp notices a line later.
  FlowLoadResult r = LoadOne("flow: a\nsteps:\n  - say: x\n    buttons: []\n   ask: y\n");
  const Diagnostic* d = ExpectAt(r, "yaml-indentation", "bot.yaml", 5, 4);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("most likely from indentation: line 5 is indented by 3 spaces") !=
        std::string::npos);
  CHECK(d->hint.find("indent it by 4 spaces") == 0);
  // One space too deep, after a line that opened nothing.
  r = LoadOne("flow: a\nsteps:\n  - say: x\n     buttons: []\n");
  d = ExpectAt(r, "yaml-indentation", "bot.yaml", 4, 6);
  REQUIRE(d != nullptr);
  CHECK(d->hint.find("indent it by 4 spaces") == 0);
  // A text that goes on over two lines is not an indentation problem.
  r = LoadOne("flow: a\nsteps:\n  - say: Добрый\n      день\n  - say: [x\n");
  CHECK(FindCode(r, "yaml-indentation") == nullptr);
  CHECK(FindCode(r, "yaml-syntax") != nullptr);
}

TEST_CASE("Loader does not suggest 'on' for a language key out of place") {
  FlowLoadResult r = LoadOne("flow: a\nsteps:\n  - say: Привет\n    en: Hello\n");
  const Diagnostic* d = ExpectAt(r, "unknown-key", "bot.yaml", 4, 5);
  REQUIRE(d != nullptr);
  CHECK(d->hint.find("'on'") == std::string::npos);
  CHECK(d->hint.find("looks like a language code") != std::string::npos);
  // A real typo of a longer key still gets its suggestion.
  d = ExpectAt(LoadOne("flow: a\nsteps:\n  - ask: x\n    promt: p\n"), "unknown-key", "bot.yaml", 4, 5);
}

TEST_CASE("Loader refuses a second YAML document in a file") {
  FlowLoadResult r = LoadOne("bot: {start: a}\n---\nflow: a\n");
  CHECK(FindCode(r, "yaml-multiple-documents") != nullptr);
}

TEST_CASE("Loader reports every error of every file at once") {
  FlowLoadResult r = LoadFlowSources(
      {{"a.yaml", "flow: a\nsteps:\n  - sya: x\n  - ask: n\n    promt: y\n"},
       {"b.yaml", "flows:\n  - id: b\n    stpes: []\n"}});
  CHECK(CountCode(r, "step-no-action") == 1);
  CHECK(CountCode(r, "unknown-key") == 2);
  CHECK(CountCode(r, "missing-key") == 2);  // a's prompt, b's steps
}

// --- constructs -----------------------------------------------------------------

TEST_CASE("Loader reads bot settings") {
  FlowLoadResult r = ParseOne(
      "bot:\n  languages: [en, ru]\n  start: main\n  timezone: Europe/Berlin\n"
      "  match_threshold: 0.7\n  ambiguity_margin: 0.1\n"
      "flow: main\nsteps:\n  - say: hi\n");
  ExpectNoErrors(r);
  const BotAst& bot = r.sources.bot;
  CHECK(bot.present);
  CHECK(bot.languages == std::vector<std::string>{"en", "ru"});
  CHECK(bot.default_language == "en");  // the first language unless written
  CHECK(bot.start_flow == "main");
  CHECK(bot.start_pos.line == 3);
  CHECK(bot.timezone == "Europe/Berlin");
  CHECK(bot.match_threshold == doctest::Approx(0.7));
  CHECK(bot.ambiguity_margin == doctest::Approx(0.1));
}

TEST_CASE("Loader reads texts as a string or a map by language") {
  FlowLoadResult r = ParseOne(
      "bot: {start: a}\nflow: a\ntitle: Часы\nsteps:\n  - say: {ru: Привет, en: Hello}\n");
  ExpectNoErrors(r);
  const FlowAst& flow = r.sources.flows.at(0);
  CHECK(flow.title.by_lang.at("") == "Часы");
  CHECK(flow.steps.at(0).text.by_lang.at("ru") == "Привет");
  CHECK(flow.steps.at(0).text.by_lang.at("en") == "Hello");
  CHECK(flow.steps.at(0).text.pos.line == 5);
  CHECK(flow.steps.at(0).text.pos.column == 10);
}

TEST_CASE("Loader reads triggers as lists or maps by language") {
  FlowLoadResult r = ParseOne(
      "bot: {start: prices}\n"
      "flow: prices\n"
      "priority: 5\n"
      "resume: false\n"
      "triggers:\n"
      "  keywords: [прайс, price]\n"
      "  phrases:\n"
      "    ru: [\"сколько стоит стрижка\"]\n"
      "    en: [\"how much is a manicure\"]\n"
      "  regex: ['где\\s+заказ\\s+(?P<order>\\d+)']\n"
      "steps:\n  - say: x\n");
  ExpectNoErrors(r);
  const FlowAst& flow = r.sources.flows.at(0);
  CHECK(flow.id == "prices");
  CHECK(flow.priority == 5);
  CHECK_FALSE(flow.resume);
  REQUIRE(flow.triggers.size() == 5);
  CHECK(flow.triggers[0].kind == TriggerKind::kKeyword);
  CHECK(flow.triggers[0].text == "прайс");
  CHECK(flow.triggers[0].language.empty());
  CHECK(flow.triggers[0].pos.line == 6);
  CHECK(flow.triggers[0].pos.column == 14);
  CHECK(flow.triggers[2].kind == TriggerKind::kPhrase);
  CHECK(flow.triggers[2].language == "ru");
  CHECK(flow.triggers[3].language == "en");
  CHECK(flow.triggers[4].kind == TriggerKind::kRegex);
  CHECK(flow.triggers[4].text == "где\\s+заказ\\s+(?P<order>\\d+)");
}

TEST_CASE("Loader reads a flows list and names unnamed steps by their index") {
  FlowLoadResult r = ParseOne(
      "bot: {start: a}\n"
      "flows:\n"
      "  - id: a\n    steps:\n      - say: one\n      - id: two\n        say: two\n      - say: three\n"
      "  - id: b\n    triggers: {keywords: [b]}\n    steps: [{say: b}]\n");
  ExpectNoErrors(r);
  REQUIRE(r.sources.flows.size() == 2);
  const FlowAst& a = r.sources.flows[0];
  REQUIRE(a.steps.size() == 3);
  CHECK(a.steps[0].id == "#1");
  CHECK_FALSE(a.steps[0].id_written);
  CHECK(a.steps[1].id == "two");
  CHECK(a.steps[1].id_written);
  CHECK(a.steps[2].id == "#3");
  CHECK(a.pos.line == 3);
  CHECK(r.sources.flows[1].id == "b");
}

TEST_CASE("Loader reads a say step with buttons, a menu, quick replies and step triggers") {
  FlowLoadResult r = ParseOne(
      "bot: {start: a}\n"
      "menus:\n  main:\n    - {label: Book, goto: a}\n"
      "flow: a\nsteps:\n"
      "  - say: {ru: Здравствуйте, en: Hello}\n"
      "    buttons:\n"
      "      - label: {ru: Записаться, en: Book}\n        goto: a\n"
      "      - label: Сайт\n        url: \"https://lumi.example\"\n"
      "    menu: main\n"
      "    quick_replies: [Да, {ru: Нет, en: \"No\"}]\n"
      "    on:\n      - keywords: [help]\n        goto: a\n");
  ExpectNoErrors(r);
  const StepAst& s = r.sources.flows.at(0).steps.at(0);
  CHECK(s.kind == StepKind::kSay);
  REQUIRE(s.buttons.size() == 2);
  CHECK(s.buttons[0].label.by_lang.at("en") == "Book");
  CHECK(s.buttons[0].go.target == "a");
  CHECK(s.buttons[0].go.pos.line == 10);
  CHECK(s.buttons[1].url == "https://lumi.example");
  CHECK(s.menu == "main");
  CHECK(s.menu_pos.line == 13);
  REQUIRE(s.quick_replies.size() == 2);
  CHECK(s.quick_replies[1].by_lang.at("en") == "No");
  REQUIRE(s.on.size() == 1);
  CHECK(s.on[0].triggers.at(0).text == "help");
  CHECK(s.on[0].go.target == "a");
  REQUIRE(r.sources.menus.size() == 1);
  CHECK(r.sources.menus[0].id == "main");
  CHECK(r.sources.menus[0].buttons.at(0).go.target == "a");
}

TEST_CASE("Loader reads an ask step with every option") {
  FlowLoadResult r = ParseOne(
      "bot: {start: a}\nflow: a\nsteps:\n"
      "  - id: ask_count\n"
      "    ask: guests\n"
      "    type: number\n"
      "    prompt: {ru: \"Сколько?\", en: \"How many?\"}\n"
      "    retry: Число, пожалуйста\n"
      "    max_attempts: 2\n"
      "    on_fail: done\n"
      "    validate: '\\d+'\n"
      "    min: 1\n"
      "    max: 10\n"
      "    skip_if_set: false\n"
      "    on:\n      - phrases: [не знаю]\n        goto: done\n"
      "  - id: done\n    end:\n    say: bye\n");
  ExpectNoErrors(r);
  const StepAst& s = r.sources.flows.at(0).steps.at(0);
  CHECK(s.kind == StepKind::kAsk);
  CHECK(s.slot == "guests");
  CHECK(s.slot_pos.line == 5);
  CHECK(s.slot_type == SlotType::kNumber);
  CHECK(s.prompt.by_lang.at("en") == "How many?");
  CHECK(s.retry.by_lang.at("") == "Число, пожалуйста");
  CHECK(s.max_attempts == 2);
  CHECK(s.on_fail.target == "done");
  CHECK(s.validate_regex == "\\d+");
  CHECK(s.validate_pos.line == 11);
  CHECK(s.min == 1.0);
  CHECK(s.max == 10.0);
  CHECK_FALSE(s.skip_if_set);
  CHECK(s.on.at(0).triggers.at(0).kind == TriggerKind::kPhrase);
  const StepAst& end = r.sources.flows[0].steps.at(1);
  CHECK(end.kind == StepKind::kEnd);
  CHECK(end.text.by_lang.at("") == "bye");
}

TEST_CASE("Loader reads a choice question with options and synonyms") {
  FlowLoadResult r = ParseOne(
      "bot: {start: a}\nflow: a\nsteps:\n"
      "  - ask: service\n    type: choice\n    prompt: Что?\n"
      "    options:\n"
      "      - value: manicure\n        label: {ru: Маникюр, en: Manicure}\n"
      "        synonyms: [ногти, nails]\n"
      "      - value: haircut\n        synonyms: {ru: [стрижка], en: [haircut]}\n");
  ExpectNoErrors(r);
  const StepAst& s = r.sources.flows.at(0).steps.at(0);
  CHECK(s.slot_type == SlotType::kChoice);
  REQUIRE(s.options.size() == 2);
  CHECK(s.options[0].value == "manicure");
  CHECK(s.options[0].label.by_lang.at("ru") == "Маникюр");
  CHECK(s.options[0].synonyms.size() == 2);
  CHECK(s.options[1].label.by_lang.at("") == "haircut");  // the value when no label
  CHECK(s.options[1].synonyms.at(0).language == "ru");
  CHECK(s.options[1].synonyms.at(1).text == "haircut");
}

TEST_CASE("Loader reads set, if, goto, handoff and end steps") {
  FlowLoadResult r = ParseOne(
      "bot: {start: a}\nflow: a\nsteps:\n"
      "  - set: {discount: 15, greeting: \"Привет, {{name|гость}}\"}\n"
      "  - if:\n"
      "      - when: \"service == manicure and not master\"\n        goto: op\n"
      "      - when: discount >= 10\n        goto: op\n"
      "    else: bye\n"
      "  - goto: a.op\n"
      "  - id: op\n    handoff:\n      reason: complaint\n      priority: 10\n      department: support\n"
      "    say: Передаю\n"
      "  - id: bye\n    handoff:\n");
  ExpectNoErrors(r);
  const std::vector<StepAst>& s = r.sources.flows.at(0).steps;
  REQUIRE(s.size() == 5);
  CHECK(s[0].kind == StepKind::kSet);
  REQUIRE(s[0].assignments.size() == 2);
  CHECK(s[0].assignments[0] == std::pair<std::string, std::string>{"discount", "15"});
  CHECK(s[0].assignments[1].second == "Привет, {{name|гость}}");
  CHECK(s[1].kind == StepKind::kIf);
  REQUIRE(s[1].branches.size() == 2);
  CHECK(s[1].branches[0].when.all_of.size() == 2);
  CHECK(s[1].branches[0].when.pos.line == 6);
  CHECK(s[1].branches[0].go.target == "op");
  CHECK(s[1].branches[1].when.all_of[0].op == ConditionOp::kGe);
  CHECK(s[1].otherwise.target == "bye");
  CHECK(s[2].kind == StepKind::kGoto);
  CHECK(s[2].go.target == "a.op");
  CHECK(s[3].kind == StepKind::kHandoff);
  CHECK(s[3].reason == "complaint");
  CHECK(s[3].priority == 10);
  CHECK(s[3].department == "support");
  CHECK(s[3].text.by_lang.at("") == "Передаю");
  CHECK(s[4].kind == StepKind::kHandoff);
  CHECK(s[4].reason.empty());
}

TEST_CASE("Loader reads commands, synonyms and fallback levels") {
  FlowLoadResult r = ParseOne(
      "bot: {start: main}\n"
      "synonyms:\n  цена: [стоимость, прайс]\n"
      "commands:\n"
      "  cancel:\n    keywords: [отмена, cancel]\n"
      "  back:\n    keywords: [назад]\n"
      "  menu:\n    keywords: [меню]\n    goto: main\n"
      "  start:\n    keywords: [\"/start\"]\n"
      "  operator:\n    keywords: {ru: [оператор], en: [human]}\n    goto: main\n"
      "fallback:\n"
      "  - say: Не понял\n"
      "  - say: Оператора?\n    buttons: [{label: Да, goto: main}]\n"
      "  - handoff: {reason: fallback}\n"
      "flow: main\nsteps:\n  - say: hi\n");
  ExpectNoErrors(r);
  REQUIRE(r.sources.synonyms.size() == 1);
  CHECK(r.sources.synonyms[0].canonical == "цена");
  CHECK(r.sources.synonyms[0].variants == std::vector<std::string>{"стоимость", "прайс"});
  REQUIRE(r.sources.commands.size() == 5);
  CHECK(r.sources.commands[0].kind == CommandKind::kCancel);
  CHECK(r.sources.commands[2].kind == CommandKind::kMenu);
  CHECK(r.sources.commands[2].go.target == "main");
  CHECK(r.sources.commands[3].kind == CommandKind::kStart);
  CHECK(r.sources.commands[3].go.empty());
  CHECK(r.sources.commands[4].triggers.at(1).language == "en");
  REQUIRE(r.sources.fallback.levels.size() == 3);
  CHECK(r.sources.fallback.levels[1].buttons.at(0).go.target == "main");
  CHECK(r.sources.fallback.levels[2].kind == StepKind::kHandoff);
  CHECK(r.sources.fallback.levels[2].reason == "fallback");
  CHECK(r.sources.fallback.levels[0].id == "#1");
}

TEST_CASE("Loader reads files saved with a byte order mark and CRLF line endings") {
  FlowLoadResult r = ParseOne("\xEF\xBB\xBF" "flow: a\r\nsteps:\r\n  - say: \"Привет\"\r\n  - sya: x\r\n");
  REQUIRE(r.sources.flows.size() == 1);
  CHECK(r.sources.flows[0].id == "a");
  CHECK(r.sources.flows[0].steps.at(0).text.by_lang.at("") == "Привет");
  ExpectAt(r, "step-no-action", "bot.yaml", 4, 5);
}

TEST_CASE("Loader reads an empty file as defining nothing") {
  FlowLoadResult r = ParseFlowSources({{"empty.yaml", "# nothing yet\n"}});
  CHECK(r.diagnostics.empty());
  CHECK(r.sources.files == std::vector<std::string>{"empty.yaml"});
}

}  // namespace
}  // namespace switchboard
