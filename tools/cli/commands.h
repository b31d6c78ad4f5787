// The subcommands of the `switchboard` program, one file each. Each takes its
// arguments (after the subcommand's name) and returns the process exit code.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "switchboard/diagnostic.h"
#include "switchboard/store.h"

namespace switchboard {
class FlowProgram;
}

namespace switchboard::cli {

using Args = std::vector<std::string>;

int Lint(const Args& args);     // lint DIR [--json]
int Chat(const Args& args);     // chat DIR
int Test(const Args& args);     // test DIR TESTS
int Explain(const Args& args);  // explain DIR < messages
int Eval(const Args& args);     // eval DIR SET.tsv [--json] [--min-right S] [--max-wrong S]
int Graph(const Args& args);    // graph DIR [--format mermaid|dot]
int Serve(const Args& args);    // serve CONFIG.yaml [--check]
int HashPasswordCommand(const Args& args);  // hash-password < password

bool HasFlag(const Args& args, const std::string& flag);
// The value after `flag`, or `fallback`.
std::string FlagValue(const Args& args, const std::string& flag, const std::string& fallback);
// The arguments that are neither flags nor flag values.
std::vector<std::string> Positional(const Args& args);
// The store named by `--redis URL`, or the in-memory store. `key_prefix` keeps test
// runs that share one Redis apart.
Result<std::unique_ptr<Store>> OpenStore(const Args& args, const Clock* clock,
                                         const std::string& key_prefix = "sb");
// Loads and compiles DIR; on errors prints them and returns null.
std::shared_ptr<const FlowProgram> LoadProgramOrReport(const std::string& dir);
// Prints every diagnostic to stderr, errors first; returns the number of errors.
int PrintDiagnostics(const std::vector<Diagnostic>& diagnostics);

}  // namespace switchboard::cli
