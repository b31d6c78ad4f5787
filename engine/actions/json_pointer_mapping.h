// From a service's JSON answer to slot values: RFC 6901 JSON pointers pick values out
// of a response body (the `save:` of an http step) or out of a saved JSON array (the
// `options_from:` of a choice question). Numbers keep the text the service wrote.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "switchboard/status.h"

namespace switchboard {

// OK when pointer is an RFC 6901 JSON pointer: empty (the whole document) or "/"-led
// reference tokens in which '~' is followed only by '0' or '1'. InvalidArgument
// otherwise. The flow loader checks `save:` and option pointers with it.
Status ValidateJsonPointer(std::string_view pointer);

// The JSON type of a value picked out of an answer: callers check that a service
// sent a value where a value belongs and a list where a list belongs.
enum class JsonKind { kNull, kScalar, kArray, kObject };

struct JsonField {
  std::string slot;
  std::string text;  // as MapJsonResponse gives it
  JsonKind kind = JsonKind::kNull;
};

// MapJsonResponse with each value's JSON type.
Result<std::vector<JsonField>> ReadJsonFields(
    std::string_view body, const std::vector<std::pair<std::string, std::string>>& save);

// Maps a response body to slot values: save holds (slot, pointer) pairs, and the
// result holds (slot, value) pairs in the same order for each pointer that resolves.
// Strings come unquoted, numbers as the service wrote them, true/false as such, null
// as an empty string, arrays and objects as compact JSON text. A pointer that does not
// resolve leaves its slot out. An empty (or all-whitespace) body, as with 204, maps
// to nothing. Returns InvalidArgument("bad JSON: ...") when the body is not JSON (or
// nests deeper than 64 levels), and InvalidArgument for a malformed pointer.
Result<std::vector<std::pair<std::string, std::string>>> MapJsonResponse(
    std::string_view body, const std::vector<std::pair<std::string, std::string>>& save);

// One button of a choice question built from JSON.
struct JsonOption {
  std::string value;
  std::string label;
};

// Builds options from the text of a JSON array, in order. A string, number or boolean
// element is both the value and the label. For an object (or array) element,
// value_pointer and label_pointer pick the value and the label; an element whose value
// is missing, null, empty or not a scalar is skipped, and a missing or empty label
// falls back to the value. null elements are skipped. Returns InvalidArgument when
// json_array is not JSON text of an array or a pointer is malformed.
Result<std::vector<JsonOption>> OptionsFromJson(std::string_view json_array,
                                                std::string_view value_pointer,
                                                std::string_view label_pointer);

}  // namespace switchboard
