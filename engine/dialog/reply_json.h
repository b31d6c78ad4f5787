// The outbox payload of a reply as nlohmann::json writes it: what OutboundReplyToJson
// (switchboard/reply.h) writes by hand, kept as the reference it is checked against
// and for text that is not well-formed UTF-8 (the library replaces it).
#pragma once

#include <string>

#include "switchboard/reply.h"

namespace switchboard {

std::string OutboundReplyToJsonWithLibrary(const OutboundReply& out);

}  // namespace switchboard
