// What the question about a typed phone looks like: the buttons' payloads (a
// token that names the pending link, so that an answer needs no other state),
// the number as shown to people (masked), and the Russian texts of the question,
// the answers and the operators' notes.
//
// Payload grammar: "link:" ("yes" | "no") ":" token, token = 32 hex digits; at
// most 41 bytes, within every messenger's limit (Telegram's callback_data: 64).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/reply.h"

namespace switchboard::adapters {

// A press of one of the question's buttons.
struct LinkAnswer {
  bool yes = false;
  std::string token;
};

// A new unguessable token: 16 random bytes as 32 hex digits.
std::string NewLinkToken();

// The payload of the answer's button.
std::string LinkAnswerPayload(const LinkAnswer& answer);
// The answer a payload carries; nullopt for anything else (a flow's button, a
// malformed token).
std::optional<LinkAnswer> ParseLinkAnswerPayload(std::string_view payload);

// True when `text` could answer the question by hand: "1", "2" or a button's label.
bool MayAnswerLinkQuestion(std::string_view text);
// The answer `text` gives to a question shown with `buttons` ("1" or a label
// presses the button); nullopt when `buttons` are not a link question's or the
// text presses none of them.
std::optional<LinkAnswer> LinkAnswerInText(std::string_view text, const std::vector<Button>& buttons);

// "+7 916 ***-**-67" for "+79161234567": the country code, the next three digits
// and the last two stay; "+***67" for a number too short to split so.
std::string MaskedPhone(std::string_view normal_phone);

// How a channel is named in the texts: "Telegram", "WhatsApp", "Viber", "ВКонтакте";
// any other by its own name.
std::string ChannelTitle(std::string_view channel);

// The question to the owner of `phone`, typed in `asked_from`, with the two buttons.
Reply LinkQuestion(std::string_view asked_from, std::string_view phone, const std::string& token);
// To the customer who typed the phone: confirm in `owner_channel`.
std::string ConfirmThereText(std::string_view owner_channel);
// Answers to the owner's press.
std::string LinkedForOwnerText(std::string_view asked_from);
std::string LinkedForAskerText(std::string_view owner_channel);
std::string DeclinedText();
std::string QuestionClosedText();
std::string NotYourQuestionText();

// The operators' notes (in English, like every note), in the conversation of the
// customer who typed the phone.
std::string AskedNote(const std::string& phone, const std::string& owner, std::string_view owner_channel);
std::string NotAskedNote(const std::string& phone, const std::string& owner);
std::string ConfirmedNote(const std::string& phone, const std::string& owner, std::string_view owner_channel);
std::string DeclinedNote(const std::string& phone, const std::string& owner, std::string_view owner_channel);

}  // namespace switchboard::adapters
