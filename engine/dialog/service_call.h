// The http step without the conversation around it: the request a step makes from
// the slots, and what a call's outcome means for the flow (slots to set, where to
// go). Pure functions; the turn runner sends the request and applies the result.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actions/http_action.h"
#include "flow/flow_program.h"
#include "flow/template.h"

namespace switchboard {

// The request of `step` (an http step). Slot values are percent-encoded into the
// path, so a value a customer typed fills one segment and never changes the path's
// structure, the query or the host.
HttpCall BuildServiceCall(const FlowProgram& program, const CompiledStep& step,
                          const SlotLookup& slots, std::string idempotency_key);

struct ServiceResult {
  bool ok = false;           // a 2xx answer whose `save` pointers could be read
  std::string status;        // "200", "404", "timeout", "unreachable", "bad_json", ...
  std::string error;         // empty when ok
  std::vector<std::pair<std::string, std::string>> saved;  // from `save`, or `save_error`
  // The step to go on with: the next one when ok, an on_status or on_error target
  // otherwise; nullopt when the step has no way to handle the failure.
  std::optional<int> next;
};

ServiceResult InterpretServiceOutcome(const CompiledStep& step, const HttpOutcome& outcome);

}  // namespace switchboard
