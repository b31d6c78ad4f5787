// The body of a customer's message as the REST API and the web chat accept it:
// {"text": string, "button_payload"?: string, "message_id"?: string,
//  "start"?: bool, "language"?: "ru"|"en", ...extra string fields named by the caller}.
// Untrusted: every field's type and size is checked before the engine sees it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/engine.h"

namespace switchboard::adapters {

struct CustomerMessageLimits {
  size_t max_text_bytes = 16 * 1024;
};

// Fills text, button_payload, message_id, start and language of *message, and the
// string fields named in `extra` into *extra_values. Returns InvalidArgument with a
// message naming the field for malformed JSON, a non-object, an unknown field, a
// wrong type, an oversized value, invalid UTF-8 or a message with neither text,
// a button nor start.
Status ParseCustomerMessage(std::string_view body, const CustomerMessageLimits& limits,
                            const std::vector<std::string>& extra, InboundMessage* message,
                            std::map<std::string, std::string>* extra_values);

}  // namespace switchboard::adapters
