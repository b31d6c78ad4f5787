// Argument helpers and diagnostic printing shared by the subcommands.
#include <algorithm>
#include <cstdio>

#include "commands.h"
#include "switchboard/engine.h"

namespace switchboard::cli {
namespace {

// Flags that take a value.
bool TakesValue(const std::string& flag) {
  return flag == "--format" || flag == "--redis" || flag == "--min-right" || flag == "--max-wrong" ||
         flag == "--channels";
}

}  // namespace

bool HasFlag(const Args& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

std::string FlagValue(const Args& args, const std::string& flag, const std::string& fallback) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag) return args[i + 1];
  }
  return fallback;
}

std::vector<std::string> Positional(const Args& args) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].starts_with("--")) {
      if (TakesValue(args[i])) ++i;
      continue;
    }
    out.push_back(args[i]);
  }
  return out;
}

Result<std::unique_ptr<Store>> OpenStore(const Args& args, const Clock* clock,
                                         const std::string& key_prefix) {
  std::string url = FlagValue(args, "--redis", "");
  if (url.empty()) {
    MemoryStoreOptions options;
    options.clock = clock;
    return NewMemoryStore(options);
  }
  RedisStoreOptions options;
  options.url = url;
  options.clock = clock;
  options.key_prefix = key_prefix;
  return NewRedisStore(options);
}

std::shared_ptr<const FlowProgram> LoadProgramOrReport(const std::string& dir) {
  LoadedBot bot = LoadBot(dir);
  if (!bot.program) PrintDiagnostics(bot.diagnostics);
  return bot.program;
}

int PrintDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  int errors = 0;
  for (Severity pass : {Severity::kError, Severity::kWarning}) {
    for (const Diagnostic& d : diagnostics) {
      if (d.severity != pass) continue;
      std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
      errors += d.severity == Severity::kError;
    }
  }
  return errors;
}

}  // namespace switchboard::cli
