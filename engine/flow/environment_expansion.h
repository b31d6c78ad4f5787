// `${VAR}` and `${VAR:-default}` in service settings: base URLs and secrets come
// from the environment of the engine's process, read once when the flows load, so
// that no secret is ever written in a flow file.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "switchboard/status.h"

namespace switchboard {

// Looks a variable up; nullopt when it is not set.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment.
EnvironmentLookup ProcessEnvironment();

// Replaces every `${NAME}` (NAME unset: InvalidArgument naming it) and
// `${NAME:-default}` (NAME unset or empty: the default). `$$` is a literal `$`.
Result<std::string> ExpandEnvironment(std::string_view text, const EnvironmentLookup& lookup);

}  // namespace switchboard
