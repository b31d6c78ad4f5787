// `switchboard explain DIR`: reads customer messages, one per line, and prints one
// JSON object per line: the intent matched (a flow id, a command, or null), its
// score, the runners-up, the decision the bot would take, and why (which words,
// stems, typos, synonyms, transliterations, regex captures).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "explanation.h"
#include "flow/flow_program.h"
#include "switchboard/engine.h"

namespace switchboard::cli {

int Explain(const Args& args) {
  std::vector<std::string> dirs = Positional(args);
  if (dirs.size() != 1) {
    std::fputs("usage: switchboard explain DIR < messages.txt\n", stderr);
    return 2;
  }
  std::shared_ptr<const FlowProgram> program = LoadProgramOrReport(dirs[0]);
  if (!program) return 1;
  const FlowProgram& p = *program;
  std::ios::sync_with_stdio(false);
  std::string line;
  std::string out;
  while (std::getline(std::cin, line)) {
    nlohmann::json j = ExplainMessage(p, line).line;
    out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace switchboard::cli
