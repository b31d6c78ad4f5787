// FlowCompiler: turns a checked source AST into an immutable FlowProgram. Compiles
// every trigger into the intent matcher and every step's local triggers and choice
// options into small local matchers; parses every text into a template. Adds the
// warnings only a compiled matcher can see (two intents that match the same phrase).
#pragma once

#include <memory>
#include <vector>

#include "flow/flow_ast.h"
#include "flow/flow_program.h"
#include "switchboard/diagnostic.h"
#include "switchboard/status.h"

namespace switchboard {

// Returns the program, or InvalidFlow when something could not be compiled (each
// problem is appended to *diagnostics, which also receives warnings).
Result<std::shared_ptr<const FlowProgram>> CompileBot(const BotSources& sources,
                                                      std::vector<Diagnostic>* diagnostics);

}  // namespace switchboard
