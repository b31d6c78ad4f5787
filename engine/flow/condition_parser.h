// Parsing `if:` conditions into ConditionAst. Grammar (words are case-sensitive):
//   condition := clause ("and" clause)*
//   clause    := "not" slot | slot | slot op value | slot "in" "[" value ("," value)* "]"
//   op        := "==" | "!=" | "<" | "<=" | ">" | ">="   (< <= > >= take numbers)
//   value     := bare word or number | 'single quoted' | "double quoted"
#pragma once

#include <string_view>

#include "flow/flow_ast.h"
#include "switchboard/status.h"

namespace switchboard {

// On success the ConditionAst has `source` and `all_of` filled (pos is the
// caller's). On failure returns InvalidFlow with what was found and expected, and
// sets *error_offset to the byte offset of the offending token in `source`.
Result<ConditionAst> ParseCondition(std::string_view source, size_t* error_offset = nullptr);

}  // namespace switchboard
