// Status and Result<T>: how every module boundary of the engine reports failure.
// An OK Status holds no allocation; errors carry a code from a small domain-specific
// set and a human-readable message. Nothing in the engine throws across a boundary.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace switchboard {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller passed something malformed
  kInvalidFlow,      // flow files failed to load or check
  kNotFound,         // no such session, step, queue entry ...
  kConflict,         // optimistic concurrency: the version moved underneath us
  kUnavailable,      // a backend (Redis, an HTTP service) cannot be reached
  kResourceExhausted,// a configured limit was hit (size, depth, time)
  kInternal,         // an invariant broke; a bug
};

std::string_view StatusCodeName(StatusCode code);

class Status;
namespace internal {
// Prints the status and aborts: reading the value of a failed Result is a bug.
[[noreturn]] void DieOnBadResultAccess(const Status& status);
}  // namespace internal

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message)
      : state_(code == StatusCode::kOk
                   ? nullptr
                   : std::make_unique<State>(State{code, std::move(message)})) {}
  Status(const Status& other)
      : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}
  Status& operator=(const Status& other) {
    state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
    return *this;
  }
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status InvalidFlow(std::string m) { return {StatusCode::kInvalidFlow, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  const std::string& message() const;
  // "Conflict: version 4 expected, found 5"
  std::string ToString() const;

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::unique_ptr<State> state_;
};

// Result<T> holds either a value or a non-OK Status. A successful Result holds
// no allocation beyond its value. value() on an error is a bug: it aborts with the
// error printed rather than reading garbage.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Status::Internal("Result made from an OK Status");
  }

  bool ok() const { return value_.has_value(); }
  // OK when a value is held.
  const Status& status() const { return status_; }
  T& value() & { return Checked(); }
  const T& value() const& { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &Checked(); }
  T& operator*() & { return Checked(); }
  const T& operator*() const& { return Checked(); }

 private:
  T& Checked() {
    if (!value_) internal::DieOnBadResultAccess(status_);
    return *value_;
  }
  const T& Checked() const {
    if (!value_) internal::DieOnBadResultAccess(status_);
    return *value_;
  }

  std::optional<T> value_;
  Status status_;  // OK exactly when value_ is set
};

}  // namespace switchboard
