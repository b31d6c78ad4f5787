// ApiError and Outcome<T>: how the sample services' stores report a failed request as a
// value. An ApiError carries the HTTP status and the JSON error body's fields, so the
// HTTP layer turns it into a response without knowing the store's rules.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace lumi {

// One failed request: {"error": code} or {"error": code, "field": field}.
struct ApiError {
  int http_status = 400;
  std::string code;
  std::string field;  // empty unless a request field is at fault
};

// Either a value or an ApiError. Cheap to move; holds no shared state.
template <typename T>
class Outcome {
 public:
  Outcome(T value) : value_(std::move(value)) {}        // NOLINT: implicit by design
  Outcome(ApiError error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const T& value() const { return *value_; }
  const ApiError& error() const { return error_; }

 private:
  std::optional<T> value_;
  ApiError error_;
};

}  // namespace lumi
