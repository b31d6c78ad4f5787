// A phone typed into a form is not proof: it links nothing by itself. When it is
// the phone another customer verified (shared as a Telegram contact, or wrote
// from on WhatsApp), that owner is asked, in their own conversation, whether the
// customer who typed it is them; only their yes links the two. Nobody can attach
// themselves to someone else's history by typing their number.
//
// Asking: after the typing customer's turn (their form goes on meanwhile), a
// pending link is kept under an unguessable token for a day, the owner gets the
// question with "Да, это я" / "Нет, не я" buttons carrying the token, the typing
// customer is told to confirm there, and operators get a note. The question goes
// into the owner's conversation like any reply, so it reaches the channel the
// owner wrote from last: the one a reply is known to reach now (on WhatsApp, the
// one whose 24-hour window their last message opened), whichever they verified on.
//
// Answering: every message passes AnswerLinkQuestion before the engine (the
// server's AdapterHost does it once for all channels). A press of one of those
// buttons (or "1", "2" or a label typed while the question is the bot's last
// message) is answered there: only a conversation of the owner may answer; the
// pending link is taken atomically, so a second press or an old token links
// nothing and gets a short answer.
#pragma once

#include <optional>
#include <string>

#include "adapters/channel_adapter.h"
#include "adapters/common/customer_sessions.h"

namespace switchboard::adapters {

// How long the owner may answer.
inline constexpr int64_t kLinkQuestionTtlMs = 24LL * 3600 * 1000;

// After a committed turn of `message` (sent by `user_id`): when the turn filled the
// "phone" slot from the text typed and that phone is another customer's verified
// one, asks the owner (once per typing customer while the host remembers action
// ids) and tells the typing customer and the operators. Store failures are logged
// and otherwise ignored: at worst a question or a note is lost, never a link made.
void AskOwnerOfTypedPhone(AdapterHost* host, CustomerSessions& sessions, const std::string& user_id,
                          const InboundMessage& message, const TurnReport& report);

// Before the engine: when `message` answers a link question, handles it (links the
// two customers on a yes from the owner) and returns the report of the answer sent
// back; nullopt for every other message, which goes to the engine. Unavailable
// when the store cannot be reached (the messenger may retry).
Result<std::optional<TurnReport>> AnswerLinkQuestion(AdapterHost* host, CustomerSessions& sessions,
                                                     const InboundMessage& message);

}  // namespace switchboard::adapters
