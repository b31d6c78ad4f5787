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
  // A 2xx answer whose `save` pointers could be read and hold what the flow can use:
  // a value (string, number, boolean, null) for a slot shown to people, a JSON array
  // for a slot a choice question takes its options_from.
  bool ok = false;
  // "200", "404", "timeout", "unreachable", "bad_json" (not JSON), "bad_answer" (a 2xx
  // whose body is empty or holds the wrong kind of value for a saved slot), ...
  std::string status;
  std::string error;         // empty when ok
  std::vector<std::pair<std::string, std::string>> saved;  // from `save`, or `save_error`
  // The step to go on with: the next one when ok, an on_status or on_error target
  // otherwise; nullopt when the step has no way to handle the failure.
  std::optional<int> next;
};

// What `outcome` means for `step` of `program` (whose questions tell which slots hold
// option lists). A "bad_json" or "bad_answer" goes to on_error, never to on_status.
ServiceResult InterpretServiceOutcome(const FlowProgram& program, const CompiledStep& step,
                                      const HttpOutcome& outcome);

}  // namespace switchboard
