// Notes for operators about typed phones that another customer verified (see typed_phone_note.h).
#include "adapters/common/typed_phone_note.h"

namespace switchboard::adapters {
namespace {

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

}  // namespace

void NoteTypedPhone(AdapterHost* host, CustomerSessions& sessions, const std::string& user_id,
                    const InboundMessage& message, const TurnReport& report) {
  if (report.duplicate || !message.content.empty()) return;
  auto phone = report.slots.find("phone");
  if (phone == report.slots.end() || phone->second.empty() || !SameNumber(message.text, phone->second)) return;
  auto owner = sessions.OtherOwnerOfTypedPhone(message.channel, user_id, phone->second);
  if (!owner.ok() || owner->empty()) return;
  (void)host->Note(message.session_id,
                   "The customer typed the phone " + phone->second + ", which customer " + *owner +
                       " verified (" + CustomerSessions::SessionOf(*owner) + "). The conversations are not linked: "
                       "a typed phone proves nothing. Ask the customer; sharing their contact in Telegram, or "
                       "writing from that number on WhatsApp, links them.");
}

}  // namespace switchboard::adapters
