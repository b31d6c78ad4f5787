// Fuzz target: a flow file as the staff might write it (or break it). The input is
// one file, bot.yaml; it is loaded and checked, and compiled when it has no errors.
// Every outcome is fine except a crash, a sanitizer report or a stall.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "flow/flow_compiler.h"
#include "flow/flow_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace switchboard;
  std::string text(reinterpret_cast<const char*>(data), size);
  FlowLoadResult loaded = LoadFlowSources({{"bot.yaml", text}});
  if (!loaded.ok()) return 0;
  std::vector<Diagnostic> diagnostics = std::move(loaded.diagnostics);
  (void)CompileBot(loaded.sources, &diagnostics);
  return 0;
}
