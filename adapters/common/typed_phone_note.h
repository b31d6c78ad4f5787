// A phone typed into a form is not proof: it links nothing. When it is the phone
// another customer verified (shared as a Telegram contact, or wrote from on
// WhatsApp), the conversation gets a note for operators, who confirm with the
// customer before the two are linked.
#pragma once

#include <string>

#include "adapters/channel_adapter.h"
#include "adapters/common/customer_sessions.h"

namespace switchboard::adapters {

// After a committed turn of `message` (sent by `user_id`): notes the conversation
// when the turn filled the "phone" slot from the text typed and that phone is
// another customer's verified one. Store failures are ignored (only a note is lost).
void NoteTypedPhone(AdapterHost* host, CustomerSessions& sessions, const std::string& user_id,
                    const InboundMessage& message, const TurnReport& report);

}  // namespace switchboard::adapters
