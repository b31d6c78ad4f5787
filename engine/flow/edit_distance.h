// Edit distance between short identifiers, and picking the closest of a set of
// candidates, for "did you mean" hints in flow diagnostics.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace switchboard {

// Edit distance over bytes (keys and ids are ASCII), counting a swap of two
// neighbouring characters as one edit.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or "" when none is close enough to be a likely
// typo (distance at most 1/3 of the longer word, and at least 1 allowed).
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c" for messages.
std::string JoinNames(const std::vector<std::string>& names);

}  // namespace switchboard
