// Names of HttpOutcome kinds, as the http step stores them in the http_status slot
// and as logs show them.
#include "actions/http_call.h"

namespace switchboard {

std::string_view HttpOutcomeKindName(HttpOutcome::Kind kind) {
  switch (kind) {
    case HttpOutcome::Kind::kResponse: return "response";
    case HttpOutcome::Kind::kTimeout: return "timeout";
    case HttpOutcome::Kind::kUnreachable: return "unreachable";
    case HttpOutcome::Kind::kTooLarge: return "too_large";
    case HttpOutcome::Kind::kInvalidRequest: return "invalid_request";
  }
  return "unknown";
}

}  // namespace switchboard
