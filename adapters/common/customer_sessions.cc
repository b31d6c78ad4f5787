// Customers across channels (see customer_sessions.h).
#include "adapters/common/customer_sessions.h"

namespace switchboard::adapters {
namespace {

constexpr char kPhoneChannel[] = "phone";
constexpr char kMergedInto[] = "merged_into";

}  // namespace

std::string NormalizedPhone(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.size() < 7 || digits.size() > 15) return "";
  return "+" + digits;
}

Result<std::string> CustomerSessions::CustomerFor(std::string_view channel, std::string_view user_id) {
  if (store_ == nullptr) return Status::InvalidArgument("no customer store");
  return store_->ResolveCustomer(channel, user_id);
}

Result<std::string> CustomerSessions::CustomerForVerifiedPhone(std::string_view channel,
                                                               std::string_view user_id,
                                                               std::string_view phone) {
  if (store_ == nullptr) return Status::InvalidArgument("no customer store");
  std::string normal = NormalizedPhone(phone);
  if (normal.empty()) return CustomerFor(channel, user_id);
  auto by_phone = store_->ResolveCustomer(kPhoneChannel, normal);
  if (!by_phone.ok()) return by_phone.status();
  Status linked = store_->LinkIdentity(*by_phone, channel, user_id);
  if (linked.code() == StatusCode::kConflict) return CustomerFor(channel, user_id);  // it had a record first
  if (!linked.ok()) return linked;
  return by_phone;
}

Status CustomerSessions::LinkVerifiedPhone(std::string_view channel, std::string_view user_id,
                                           std::string_view phone) {
  if (store_ == nullptr) return Status::Ok();
  std::string normal = NormalizedPhone(phone);
  if (normal.empty()) return Status::InvalidArgument("not a phone number");
  auto customer = CustomerFor(channel, user_id);
  if (!customer.ok()) return customer.status();
  Status linked = store_->LinkIdentity(*customer, kPhoneChannel, normal);
  if (linked.code() != StatusCode::kConflict) {
    if (!linked.ok()) return linked;
    return store_->SetProfile(*customer, {{"phone", normal}});
  }
  auto other = store_->ResolveCustomer(kPhoneChannel, normal);
  if (!other.ok()) return other.status();
  return MergeInto(*other, *customer);
}

Status CustomerSessions::MergeInto(const std::string& earlier, const std::string& live) {
  if (store_ == nullptr) return Status::Ok();
  auto earlier_now = store_->CurrentCustomer(earlier);
  if (!earlier_now.ok()) return earlier_now.status();
  auto live_now = store_->CurrentCustomer(live);
  if (!live_now.ok()) return live_now.status();
  if (*earlier_now == *live_now) return Status::Ok();
  if (Status s = store_->RedirectCustomer(*earlier_now, *live_now); !s.ok()) return s;
  return store_->SetProfile(*earlier_now, {{kMergedInto, *live_now}});  // for operators
}

Result<std::string> CustomerSessions::Current(const std::string& customer_id) {
  if (store_ == nullptr) return Status::InvalidArgument("no customer store");
  return store_->CurrentCustomer(customer_id);
}

std::string CustomerSessions::CustomerOfSession(std::string_view session_id) {
  constexpr std::string_view kPrefix = "customer:";
  if (!session_id.starts_with(kPrefix) || session_id.size() == kPrefix.size()) return "";
  return std::string(session_id.substr(kPrefix.size()));
}

Result<std::string> CustomerSessions::OtherOwnerOfTypedPhone(std::string_view channel, std::string_view user_id,
                                                             std::string_view phone) {
  if (store_ == nullptr) return std::string();
  std::string normal = NormalizedPhone(phone);
  if (normal.empty()) return std::string();
  auto owner = store_->ResolveCustomer(kPhoneChannel, normal);
  if (!owner.ok()) return owner.status();
  auto identities = store_->ListIdentities(*owner);
  if (!identities.ok()) return identities.status();
  bool verified = false;  // a phone alone was only ever looked up, never vouched for
  for (const std::string& id : *identities) verified = verified || !id.starts_with(std::string(kPhoneChannel) + ":");
  if (!verified) return std::string();
  auto owner_now = store_->CurrentCustomer(*owner);
  if (!owner_now.ok()) return owner_now.status();
  auto me = CustomerFor(channel, user_id);
  if (!me.ok()) return me.status();
  return *owner_now == *me ? std::string() : *owner_now;
}

Result<std::string> CustomerSessions::SessionFor(std::string_view channel, std::string_view user_id) {
  if (store_ == nullptr) return std::string(channel) + ":" + std::string(user_id);
  auto customer = CustomerFor(channel, user_id);
  if (!customer.ok()) return customer.status();
  return SessionOf(*customer);
}

}  // namespace switchboard::adapters
