// `switchboard lint DIR [--json]`: every problem in the flows at once.
#include <cstdio>

#include "commands.h"
#include "switchboard/engine.h"

namespace switchboard::cli {

int Lint(const Args& args) {
  std::vector<std::string> dirs = Positional(args);
  if (dirs.size() != 1) {
    std::fputs("usage: switchboard lint DIR [--json]\n", stderr);
    return 2;
  }
  LoadedBot bot = LoadBot(dirs[0]);
  int errors = 0, warnings = 0;
  for (const Diagnostic& d : bot.diagnostics) (d.severity == Severity::kError ? errors : warnings)++;
  if (HasFlag(args, "--json")) {
    std::printf("%s\n", DiagnosticsToJson(bot.diagnostics).c_str());
  } else {
    PrintDiagnostics(bot.diagnostics);
    std::fprintf(stderr, "%s: %d error(s), %d warning(s)\n", dirs[0].c_str(), errors, warnings);
  }
  return errors > 0 || !bot.program ? 1 : 0;
}

}  // namespace switchboard::cli
