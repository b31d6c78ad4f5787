// `switchboard lint DIR [--json] [--channels telegram,whatsapp,viber,vk]`: every
// problem in the flows at once; with --channels also the steps whose buttons those
// messengers would show as numbered options.
#include <cstdio>
#include <sstream>

#include "commands.h"
#include "flow/flow_loader.h"
#include "server/channel_limits_check.h"
#include "switchboard/engine.h"

namespace switchboard::cli {

int Lint(const Args& args) {
  std::vector<std::string> dirs = Positional(args);
  if (dirs.size() != 1) {
    std::fputs("usage: switchboard lint DIR [--json] [--channels telegram,whatsapp,viber,vk]\n", stderr);
    return 2;
  }
  LoadedBot bot = LoadBot(dirs[0]);
  if (std::string channels = FlagValue(args, "--channels", ""); !channels.empty()) {
    std::vector<std::string> list;
    std::stringstream in(channels);
    for (std::string c; std::getline(in, c, ',');) list.push_back(c);
    for (Diagnostic& d : server::CheckButtonLimits(LoadFlowDirectory(dirs[0]).sources, list)) {
      bot.diagnostics.push_back(std::move(d));
    }
  }
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
