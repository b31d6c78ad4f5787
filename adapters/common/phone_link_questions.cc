// Asking a phone's owner before linking, and their answer (see phone_link_questions.h).
#include "adapters/common/phone_link_questions.h"

#include "adapters/common/link_question_texts.h"

namespace switchboard::adapters {
namespace {

// How far back a typed "1" or label looks for the question.
constexpr size_t kRecentEventsForTypedAnswer = 20;

// True when `text` holds the same national number as the stored `phone` (the last
// ten digits: "8 916 ..." and "+7 916 ..." are one number).
bool SameNumber(const std::string& text, const std::string& phone) {
  auto digits = [](const std::string& s) {
    std::string d;
    for (char c : s) {
      if (c >= '0' && c <= '9') d += c;
    }
    return d;
  };
  std::string a = digits(text), b = digits(phone);
  if (a.size() < 10 || b.size() < 10) return a == b && !a.empty();
  return a.substr(a.size() - 10) == b.substr(b.size() - 10);
}

std::string_view CodeName(const Status& s) { return StatusCodeName(s.code()); }

// Keeps `link` and sends the question into the owner's conversation, once per
// typing customer; returns the channel the owner is asked in. NotFound when the
// owner has no conversation to reach them through.
Result<std::string> AskOwner(AdapterHost* host, CustomerStore& store, const PendingLink& link) {
  std::string token = NewLinkToken();
  if (token.empty()) return Status::Internal("no random bytes for a link token");
  if (Status kept = store.PutPendingLink(token, link, kLinkQuestionTtlMs); !kept.ok()) return kept;
  const std::string owner_session = CustomerSessions::SessionOf(link.owner_customer);
  auto asked = host->Tell(owner_session, LinkQuestion(link.asked_from, link.phone, token),
                          "link_question:" + link.asking_customer);
  if (!asked.ok()) return asked.status();
  if (asked->channel.empty()) return Status::NotFound("the owner's conversation has no channel to reach them");
  if (!asked->duplicate) {
    host->LogEvent("link.asked", {{"conversation", owner_session},
                                  {"asking_customer", link.asking_customer},
                                  {"owner", link.owner_customer},
                                  {"asked_from", link.asked_from},
                                  {"asked_in", asked->channel}});
  }
  return asked->channel;
}

// The question's answer in `m`: a press of one of its buttons, or "1", "2" or a
// label typed while the question is the conversation's last bot message.
Result<std::optional<LinkAnswer>> FindAnswer(AdapterHost* host, const InboundMessage& m) {
  if (!m.button_payload.empty()) return ParseLinkAnswerPayload(m.button_payload);
  if (!m.content.empty() || !MayAnswerLinkQuestion(m.text)) return std::optional<LinkAnswer>();
  auto recent = host->RecentTranscript(m.session_id, kRecentEventsForTypedAnswer);
  if (!recent.ok()) return recent.status();
  for (auto it = recent->events.rbegin(); it != recent->events.rend(); ++it) {
    if (it->type == EventType::kBotSaid) return LinkAnswerInText(m.text, it->buttons);
  }
  return std::optional<LinkAnswer>();
}

// Says `text` to whoever answered; once per message id, so that a retried webhook
// says nothing twice. A conversation that does not exist yet (a made-up press from
// a new identity) goes to the engine, which ignores the unknown payload.
Result<std::optional<TurnReport>> SayBack(AdapterHost* host, const InboundMessage& m, const std::string& text) {
  auto told = host->Tell(m.session_id, {text, {}, {}}, m.message_id);
  if (told.status().code() == StatusCode::kNotFound) return std::optional<TurnReport>();
  if (!told.ok()) return told.status();
  return std::optional<TurnReport>(std::move(*told));
}

Result<std::optional<TurnReport>> Confirm(AdapterHost* host, CustomerSessions& sessions, const InboundMessage& m,
                                          const std::string& token, const PendingLink& link,
                                          const std::string& owner) {
  auto asker = sessions.Current(link.asking_customer);
  // The earlier record (the owner's) leads to the live one, where the form is in progress.
  Status merged = asker.ok() ? sessions.MergeInto(owner, *asker) : asker.status();
  if (!merged.ok()) {
    // Kept again for the messenger's retry; if that fails too, the answer is lost, never half-applied.
    (void)sessions.store()->PutPendingLink(token, link, kLinkQuestionTtlMs);
    return merged;
  }
  const std::string joint = CustomerSessions::SessionOf(*asker);
  host->LogEvent("link.confirmed", {{"conversation", joint},
                                    {"asking_customer", *asker},
                                    {"owner", owner},
                                    {"asked_from", link.asked_from},
                                    {"answered_in", m.channel}});
  (void)host->Note(joint, ConfirmedNote(link.phone, owner, m.channel));
  (void)host->Tell(joint, {LinkedForAskerText(m.channel), {}, {}}, "link_confirmed:" + token);
  return SayBack(host, m, LinkedForOwnerText(link.asked_from));
}

Result<std::optional<TurnReport>> Decline(AdapterHost* host, CustomerSessions& sessions, const InboundMessage& m,
                                          const PendingLink& link, const std::string& owner) {
  auto asker = sessions.Current(link.asking_customer);
  const std::string asking_session = CustomerSessions::SessionOf(asker.ok() ? *asker : link.asking_customer);
  host->LogEvent("link.declined", {{"conversation", asking_session},
                                   {"asking_customer", link.asking_customer},
                                   {"owner", owner},
                                   {"answered_in", m.channel}});
  (void)host->Note(asking_session, DeclinedNote(link.phone, owner, m.channel));
  return SayBack(host, m, DeclinedText());
}

}  // namespace

void AskOwnerOfTypedPhone(AdapterHost* host, CustomerSessions& sessions, const std::string& user_id,
                          const InboundMessage& message, const TurnReport& report) {
  if (report.duplicate || !message.content.empty() || sessions.store() == nullptr) return;
  auto phone = report.slots.find("phone");
  if (phone == report.slots.end() || phone->second.empty() || !SameNumber(message.text, phone->second)) return;
  auto owner = sessions.OtherOwnerOfTypedPhone(message.channel, user_id, phone->second);
  if (!owner.ok() || owner->empty()) return;
  auto asker = sessions.CustomerFor(message.channel, user_id);
  if (!asker.ok()) return;
  auto asked_in = AskOwner(host, *sessions.store(),
                           PendingLink{*asker, *owner, message.channel, NormalizedPhone(phone->second)});
  if (!asked_in.ok()) {
    host->LogEvent("link.not_asked", {{"conversation", message.session_id},
                                      {"owner", *owner},
                                      {"error", CodeName(asked_in.status())}});
    (void)host->Note(message.session_id, NotAskedNote(phone->second, *owner));
    return;
  }
  (void)host->Tell(message.session_id, {ConfirmThereText(*asked_in), {}, {}}, "");
  (void)host->Note(message.session_id, AskedNote(phone->second, *owner, *asked_in));
}

Result<std::optional<TurnReport>> AnswerLinkQuestion(AdapterHost* host, CustomerSessions& sessions,
                                                     const InboundMessage& message) {
  if (sessions.store() == nullptr) return std::optional<TurnReport>();
  auto answer = FindAnswer(host, message);
  if (!answer.ok()) return answer.status();
  if (!answer->has_value()) return std::optional<TurnReport>();
  const std::string token = (*answer)->token;
  CustomerStore& store = *sessions.store();
  auto closed = [&]() {
    host->LogEvent("link.expired", {{"conversation", message.session_id}, {"channel", message.channel}});
    return SayBack(host, message, QuestionClosedText());
  };
  auto link = store.GetPendingLink(token);
  if (link.status().code() == StatusCode::kNotFound) return closed();
  if (!link.ok()) return link.status();
  auto owner = sessions.Current(link->owner_customer);
  if (!owner.ok()) return owner.status();
  std::string presser = CustomerSessions::CustomerOfSession(message.session_id);
  auto presser_now = presser.empty() ? Result<std::string>(std::string()) : sessions.Current(presser);
  if (!presser_now.ok()) return presser_now.status();
  if (*presser_now != *owner) {
    host->LogEvent("link.refused", {{"conversation", message.session_id},
                                    {"channel", message.channel},
                                    {"owner", *owner}});
    return SayBack(host, message, NotYourQuestionText());
  }
  auto taken = store.TakePendingLink(token);  // of two answers at once, one goes on
  if (taken.status().code() == StatusCode::kNotFound) return closed();
  if (!taken.ok()) return taken.status();
  if ((*answer)->yes) return Confirm(host, sessions, message, token, *taken, *owner);
  return Decline(host, sessions, message, *taken, *owner);
}

}  // namespace switchboard::adapters
