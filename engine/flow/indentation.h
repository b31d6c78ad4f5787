// Explaining the YAML syntax errors that come from indentation: a tab where YAML
// wants spaces, or a line indented to a level that no enclosing block has. yaml-cpp
// reports such errors as "end of map not found" or "illegal map value", often at a
// line after the culprit; these scans find the line to point at.
#pragma once

#include <string_view>

#include "flow/source_guard.h"

namespace switchboard {

// The first tab in a line's indentation (before its first other character) among
// lines 1..`last_line`; false when there is none.
bool FindIndentTab(std::string_view text, int last_line, TextPlace* where);

// The first line among 1..`last_line` whose indentation fits no block around it: a
// dedent to a column no enclosing block uses, or a deeper line after one that
// opened no block. Sets *where to its first character and *expected to the column
// (1-based) the line most likely meant; false when every line fits.
bool FindMisindentedLine(std::string_view text, int last_line, TextPlace* where, int* expected);

}  // namespace switchboard
