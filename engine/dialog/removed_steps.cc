// Compares the waiting steps of two flow sets by their stable names ("flow.step").
#include "dialog/removed_steps.h"

namespace switchboard {

std::vector<Diagnostic> RemovedWaitingSteps(const FlowProgram& before, const FlowProgram& after,
                                            const std::string& flows_dir) {
  std::vector<Diagnostic> out;
  for (const CompiledStep& step : before.steps) {
    if (!step.waits || after.FindStep(step.name) != kNoStep) continue;
    const std::string& flow = before.flows[step.flow].id;
    std::string where = after.FindFlow(flow) >= 0
                            ? "from the start of flow '" + flow + "' (questions already answered are skipped)"
                            : "to the main menu (flow '" + flow + "' is gone too)";
    out.push_back({Severity::kWarning, flows_dir, 0, 0, "removed-step",
                   "step '" + step.name + "' is gone: conversations waiting there go on " + where,
                   "keep the step's id when you edit a question that customers may be answering"});
  }
  return out;
}

}  // namespace switchboard
