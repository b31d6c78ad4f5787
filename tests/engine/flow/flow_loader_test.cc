// Tests for engine/flow/flow_loader.cc: hostile input (alias bombs, deep nesting,
// huge files, invalid UTF-8, too many nodes or files), reading a folder, and a
// fuzz-style test that random mutations of a valid file never crash the loader.
#include "flow/flow_loader.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <unistd.h>

#include "engine/flow/flow_test_helpers.h"

namespace switchboard {
namespace {

using testing::ExpectAt;
using testing::FindCode;
using testing::LoadOne;

const char kValidBot[] =
    "bot:\n"
    "  languages: [ru, en]\n"
    "  start: main\n"
    "menus:\n"
    "  main:\n"
    "    - label: {ru: Записаться, en: Book}\n"
    "      goto: booking\n"
    "commands:\n"
    "  cancel: {keywords: [отмена, cancel]}\n"
    "flows:\n"
    "  - id: main\n"
    "    triggers: {keywords: [привет, hello]}\n"
    "    steps:\n"
    "      - say: {ru: Здравствуйте!, en: Hello!}\n"
    "        menu: main\n"
    "  - id: booking\n"
    "    triggers:\n"
    "      phrases: {ru: [хочу записаться], en: [book a visit]}\n"
    "      regex: ['запись на (?P<date>\\d+)']\n"
    "    steps:\n"
    "      - ask: service\n"
    "        type: choice\n"
    "        prompt: Что?\n"
    "        options:\n"
    "          - {value: manicure, label: Маникюр, synonyms: [ногти]}\n"
    "      - if:\n"
    "          - when: \"service == manicure and not date\"\n"
    "            goto: ask_date\n"
    "        else: confirm\n"
    "      - id: ask_date\n"
    "        ask: date\n"
    "        type: date\n"
    "        prompt: \"Когда, {{name|гость}}?\"\n"
    "      - id: confirm\n"
    "        say: \"Записали на {{date}}\"\n"
    "      - handoff: {reason: booking}\n"
    "        say: Передаю администратору\n";

TEST_CASE("Loader accepts the reference bot without errors") {
  FlowLoadResult r = LoadOne(kValidBot);
  testing::ExpectNoErrors(r);
  CHECK(r.sources.flows.size() == 2);
}

TEST_CASE("Loader stops a 10-level alias bomb at the first alias") {
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 10; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) yaml += (k ? ", " : "") + prev;
    yaml += "]\n";
  }
  FlowLoadResult r = LoadOne(yaml);
  const Diagnostic* d = ExpectAt(r, "yaml-alias", "bot.yaml", 2, 10);
  REQUIRE(d != nullptr);
  CHECK(d->message.find("aliases (*name) are not supported") != std::string::npos);
  CHECK(r.diagnostics.size() <= 3);  // the alias, plus at most missing-start
}

TEST_CASE("Loader refuses 10000-deep bracket nesting before parsing it") {
  std::string yaml = "flows: " + std::string(10000, '[') + std::string(10000, ']') + "\n";
  FlowLoadResult r = LoadOne(yaml);
  const Diagnostic* d = ExpectAt(r, "too-deep", "bot.yaml", 1, 71);
  REQUIRE(d != nullptr);
  CHECK(d->message == "YAML nested deeper than 64 levels");
}

TEST_CASE("Loader refuses deep nesting by indentation") {
  std::string yaml;
  for (int i = 0; i < 100; ++i) yaml += std::string(i * 2, ' ') + "k" + std::to_string(i) + ":\n";
  FlowLoadResult r = LoadOne(yaml);
  ExpectAt(r, "too-deep", "bot.yaml", 65, 129);
}

TEST_CASE("Loader refuses a 5 MiB file without parsing it") {
  std::string yaml = "synonyms:\n  a: [" + std::string(5 << 20, 'x') + "]\n";
  FlowLoadResult r = LoadOne(yaml);
  const Diagnostic* d = FindCode(r, "file-too-large");
  REQUIRE(d != nullptr);
  CHECK(d->file == "bot.yaml");
  CHECK(d->message.find("the limit is 1048576") != std::string::npos);
  CHECK(r.sources.synonyms.empty());
}

TEST_CASE("Loader reports invalid UTF-8 with the position of the first bad byte") {
  FlowLoadResult r = LoadOne("flow: main\nsteps:\n  - say: \"Прив\xC3\x28т\"\n");
  ExpectAt(r, "invalid-utf8", "bot.yaml", 3, 15);
  CHECK(r.sources.flows.empty());
}

TEST_CASE("Loader stops at the node budget") {
  LoaderLimits limits;
  limits.max_nodes = 100;
  std::string yaml = "synonyms:\n  a: [";
  for (int i = 0; i < 500; ++i) yaml += "w, ";
  yaml += "w]\n";
  FlowLoadResult r = LoadFlowSources({{"big.yaml", yaml}}, limits);
  const Diagnostic* d = FindCode(r, "too-many-nodes");
  REQUIRE(d != nullptr);
  CHECK(d->line == 2);
}

TEST_CASE("Loader refuses more files than the limit") {
  LoaderLimits limits;
  limits.max_files = 2;
  FlowLoadResult r = LoadFlowSources({{"a.yaml", ""}, {"b.yaml", ""}, {"c.yaml", ""}}, limits);
  const Diagnostic* d = FindCode(r, "too-many-files");
  REQUIRE(d != nullptr);
  CHECK(d->file == "c.yaml");
}

TEST_CASE("Loader reads a folder's yaml files in name order") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("sb_flow_loader_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "b_flows.yaml") << "flow: main\ntriggers: {keywords: [x]}\nsteps: [{say: x}]\n";
  std::ofstream(dir / "a_bot.yml") << "bot:\n  start: main\n";
  std::ofstream(dir / "notes.txt") << "not yaml: [";
  FlowLoadResult r = LoadFlowDirectory(dir.string());
  fs::remove_all(dir);
  testing::ExpectNoErrors(r);
  REQUIRE(r.sources.files.size() == 2);
  CHECK(r.sources.files[0].find("a_bot.yml") != std::string::npos);
  CHECK(r.sources.bot.start_flow == "main");
  CHECK(r.sources.flows.at(0).pos.file.find("b_flows.yaml") != std::string::npos);
}

TEST_CASE("Loader reports a folder it cannot read") {
  FlowLoadResult r = LoadFlowDirectory("/nonexistent/flows/dir");
  CHECK(FindCode(r, "cannot-read") != nullptr);
}

TEST_CASE("Loader survives random mutations of a valid flow file") {
  std::mt19937 rng(20261123);
  const std::string base = kValidBot;
  const std::string alphabet = "[]{}:-,'\"&*!|>#\n \t\\%@`?{{}}\xD0\x9F\xFF";
  int with_errors = 0;
  for (int iteration = 0; iteration < 400; ++iteration) {
    std::string text = base;
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % (text.size() + 1);
      switch (rng() % 4) {
        case 0: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 1: if (at < text.size()) text.erase(at, 1 + rng() % 6); break;
        case 2: if (at < text.size()) text[at] = alphabet[rng() % alphabet.size()]; break;
        case 3: {
          size_t from = rng() % text.size();
          text.insert(at, text.substr(from, rng() % 40));
          break;
        }
      }
    }
    FlowLoadResult r = LoadOne(text);
    for (const Diagnostic& d : r.diagnostics) {
      CHECK_FALSE(d.code.empty());
      CHECK_FALSE(d.message.empty());
    }
    with_errors += HasErrors(r.diagnostics) ? 1 : 0;
  }
  CHECK(with_errors > 100);  // the mutations do break files, and each break is reported
}

}  // namespace
}  // namespace switchboard
