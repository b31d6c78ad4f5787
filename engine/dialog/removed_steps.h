// What a republished flow set takes away from conversations in progress: the steps
// a conversation can wait at (questions, buttons that wait) that the new set no
// longer has. Such a conversation goes on from its flow's start, or the main menu
// when the flow is gone too (turn_runner.cc); the staff are told at the reload.
#pragma once

#include <vector>

#include "flow/flow_program.h"
#include "switchboard/diagnostic.h"

namespace switchboard {

// One warning (code "removed-step") per waiting step of `before` missing from
// `after`, saying where its conversations go; `flows_dir` is the warning's file.
std::vector<Diagnostic> RemovedWaitingSteps(const FlowProgram& before, const FlowProgram& after,
                                            const std::string& flows_dir);

}  // namespace switchboard
