// Names and printing for Status codes.
#include "switchboard/status.h"

#include <cstdio>
#include <cstdlib>

namespace switchboard {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kInvalidFlow: return "InvalidFlow";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kConflict: return "Conflict";
    case StatusCode::kUnavailable: return "Unavailable";
    case StatusCode::kResourceExhausted: return "ResourceExhausted";
    case StatusCode::kInternal: return "Internal";
  }
  return "Unknown";
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(state_->code));
  out += ": ";
  out += state_->message;
  return out;
}

namespace internal {
void DieOnBadResultAccess(const Status& status) {
  std::fprintf(stderr, "switchboard: value() of a failed Result: %s\n", status.ToString().c_str());
  std::abort();
}
}  // namespace internal

}  // namespace switchboard
