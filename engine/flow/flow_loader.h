// Loading a bot's flow files: read a folder (or in-memory files), refuse hostile
// input, turn the YAML into BotSources, then run the checker. Every problem of every
// file comes back at once as a Diagnostic with file:line:column.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "flow/flow_ast.h"
#include "switchboard/diagnostic.h"

namespace switchboard {

// Bounds on untrusted input; a file beyond them is refused with a diagnostic.
struct LoaderLimits {
  size_t max_file_bytes = 1 << 20;  // per file
  size_t max_files = 500;           // per folder
  int max_depth = 64;               // YAML nesting (indentation levels + brackets)
  size_t max_nodes = 200000;        // YAML nodes over all files
};

struct FlowLoadResult {
  BotSources sources;                    // what could be read, also when there are errors
  std::vector<Diagnostic> diagnostics;   // loader problems, then checker findings
  bool ok() const { return !HasErrors(diagnostics); }
};

// Reads every *.yaml and *.yml file directly in `dir`, in name order, then checks
// the bot (CheckBot). Links out of `dir`, special files and oversized files are
// reported and not read. Thread-compatible: no shared state.
FlowLoadResult LoadFlowDirectory(const std::string& dir, const LoaderLimits& limits = {});

// The same for in-memory files given as (name, content) pairs, in the given order.
FlowLoadResult LoadFlowSources(const std::vector<std::pair<std::string, std::string>>& files,
                               const LoaderLimits& limits = {});

// The checks every file's raw text passes before YAML parsing (size, UTF-8,
// nesting); false, with the problem appended to *out, when it must not be parsed.
// Conversation test files go through the same checks.
bool CheckSourceText(const std::string& name, const std::string& content,
                     const LoaderLimits& limits, std::vector<Diagnostic>* out);

// Only the loading part, without CheckBot.
FlowLoadResult ParseFlowSources(const std::vector<std::pair<std::string, std::string>>& files,
                                const LoaderLimits& limits = {});

}  // namespace switchboard
