// `switchboard test DIR TESTS`: runs staff-written conversation tests and reports
// which steps of the flows no test reaches (for a single test file, only in the
// flows its tests run).
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "switchboard/clock.h"
#include "switchboard/engine.h"
#include "testkit/conversation_tests.h"

namespace switchboard::cli {

int Test(const Args& args) {
  std::vector<std::string> paths = Positional(args);
  if (paths.size() != 2) {
    std::fputs("usage: switchboard test DIR TESTS [--redis redis://host:port/db]\n", stderr);
    return 2;
  }
  auto tests = LoadConversationTestsFrom(paths[1]);
  if (!tests.ok()) {
    std::fprintf(stderr, "%s\n", tests.status().message().c_str());
    return 2;
  }
  ManualClock clock(kDefaultTestTimeMs);
  auto store = OpenStore(args, &clock, "sbtest" + std::to_string(SystemClock()->NowMs()));
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  std::vector<Diagnostic> diagnostics;
  auto engine = Engine::Open({.flows_dir = paths[0], .store = store->get(), .clock = &clock}, &diagnostics);
  if (!engine.ok()) {
    PrintDiagnostics(diagnostics);
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  ConversationTestReport report = RunConversationTests(**engine, &clock, *tests);
  for (const ConversationTestResult& r : report.results) {
    std::printf("%s  %s (%s:%d)\n", r.passed ? "PASS" : "FAIL", r.name.c_str(), r.file.c_str(), r.line);
    for (const std::string& f : r.failures) std::printf("      %s\n", f.c_str());
  }
  // A single file is about some flows: the steps of the others are not its gap.
  std::error_code ec;
  const bool one_file = !std::filesystem::is_directory(paths[1], ec);
  const std::vector<std::string>& unreached =
      one_file ? report.unreached_in_touched_flows : report.unreached_steps;
  if (!unreached.empty()) {
    std::printf("\nsteps no test reaches%s (%zu):\n", one_file ? " in the flows these tests run" : "",
                unreached.size());
    for (const std::string& s : unreached) std::printf("  %s\n", s.c_str());
  }
  std::printf("\n%d passed, %d failed\n", report.passed, report.failed);
  return report.failed == 0 ? 0 : 1;
}

}  // namespace switchboard::cli
