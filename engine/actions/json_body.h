// The JSON body of an http step's request: an object of (key, rendered value) pairs.
// Values are always JSON strings, whatever a customer typed, so nothing typed can add
// keys or change the body's structure.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace switchboard {

// Returns compact JSON text of an object whose members are fields, in order, every
// value a string. Quotes, backslashes and control characters are escaped; invalid
// UTF-8 becomes U+FFFD. When a key repeats, the last value wins at the first place.
std::string JsonObjectBody(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace switchboard
