// One customer across channels. Messenger adapters key conversations by customer,
// not by chat: the session of (channel, user id) is "customer:<id>" of the
// customer that identity points to, so that a customer who writes from another
// messenger continues the same history and the same booking.
//
// Identities are linked only on what a platform vouches for: a phone number a
// messenger verified (WhatsApp's sender, a Telegram contact the user shared of
// themselves) links the identity to the customer who already has that phone
// ("phone:+79161234567"). A phone typed into a form proves nothing and links
// nothing by itself: when it is another customer's verified phone, that owner is
// asked, and only their yes links the two (adapters/common/phone_link_questions.h).
// When a verified phone (or the owner's yes) joins an earlier customer record to
// the live one, the earlier record is redirected (CustomerStore::RedirectCustomer,
// followed by every lookup in the same round trip; the profile's "merged_into"
// tells operators): the conversation in progress goes on, and every identity of
// both reaches it.
#pragma once

#include <string>
#include <string_view>

#include "switchboard/store.h"

namespace switchboard::adapters {

// "+" and the digits of `phone`, or "" when it has fewer than 7 or more than 15
// digits (E.164's limit).
std::string NormalizedPhone(std::string_view phone);

// A CustomerSessions is safe for concurrent use by multiple threads (the store is).
class CustomerSessions {
 public:
  // `store` may be null: each identity is then its own session ("<channel>:<user>").
  explicit CustomerSessions(CustomerStore* store) : store_(store) {}

  // The customer behind (channel, user_id), created on first sight, following
  // merges. Unavailable when the store cannot be reached.
  Result<std::string> CustomerFor(std::string_view channel, std::string_view user_id);
  // The customer whose verified phone is `phone`; (channel, user_id) is linked to
  // it (created with both identities on first sight).
  Result<std::string> CustomerForVerifiedPhone(std::string_view channel, std::string_view user_id,
                                               std::string_view phone);
  // Records that (channel, user_id) has the verified `phone`: links the phone to
  // the identity's customer, or, when the phone is another customer's, redirects
  // that customer to this one.
  Status LinkVerifiedPhone(std::string_view channel, std::string_view user_id, std::string_view phone);

  // For a phone that (channel, user_id) typed, which proves nothing: the other
  // customer who verified that phone, or "" when nobody did (or it is this
  // customer's own). Links nothing.
  Result<std::string> OtherOwnerOfTypedPhone(std::string_view channel, std::string_view user_id,
                                             std::string_view phone);

  // Redirects the customer `earlier` to `live` (both followed to where they lead
  // now), so that every identity of `earlier` reaches the conversation of `live`.
  // OK and nothing changed when they are one customer already.
  Status MergeInto(const std::string& earlier, const std::string& live);
  // Where `customer_id` leads now, following merges.
  Result<std::string> Current(const std::string& customer_id);

  // The conversation of a customer id.
  static std::string SessionOf(std::string_view customer_id) { return "customer:" + std::string(customer_id); }
  // The customer of a conversation SessionOf named; "" for any other conversation.
  static std::string CustomerOfSession(std::string_view session_id);
  // The session for (channel, user_id): SessionOf(CustomerFor(...)), or
  // "<channel>:<user_id>" without a store.
  Result<std::string> SessionFor(std::string_view channel, std::string_view user_id);

  CustomerStore* store() const { return store_; }

 private:
  CustomerStore* store_;
};

}  // namespace switchboard::adapters
