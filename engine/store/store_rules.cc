// The input rules every store applies the same way.
#include "switchboard/store.h"

namespace switchboard {

Status ValidateQueueEntry(const QueueEntry& entry) {
  if (entry.session_id.empty()) return Status::InvalidArgument("queue entry without a session id");
  if (entry.priority < -100 || entry.priority > 100) {
    return Status::InvalidArgument("queue priority " + std::to_string(entry.priority) +
                                   " outside [-100, 100]");
  }
  return Status::Ok();
}

Status ValidateQueueChange(const QueueChange& change) {
  using Kind = QueueChange::Kind;
  if (change.priority < -100 || change.priority > 100) {
    return Status::InvalidArgument("queue priority " + std::to_string(change.priority) +
                                   " outside [-100, 100]");
  }
  if (change.max_assigned < 0) return Status::InvalidArgument("a negative maximum of assigned chats");
  if (change.kind == Kind::kAssign && change.operator_id.empty()) {
    return Status::InvalidArgument("queue assignment without an operator id");
  }
  return Status::Ok();
}

Status ValidateIdentity(std::string_view channel, std::string_view user_id) {
  if (channel.empty() || user_id.empty() || channel.find(':') != std::string_view::npos) {
    return Status::InvalidArgument("bad identity '" + std::string(channel) + ":" + std::string(user_id) +
                                   "': a channel (without ':') and a user id are both needed");
  }
  return Status::Ok();
}

Status ValidatePendingLinkToken(std::string_view token) {
  bool ok = !token.empty() && token.size() <= 64;
  for (char c : token) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
  }
  if (!ok) return Status::InvalidArgument("a pending link token is 1-64 characters of A-Z a-z 0-9 _ -");
  return Status::Ok();
}

}  // namespace switchboard
