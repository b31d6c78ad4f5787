// The rules a queue entry follows in every store.
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

}  // namespace switchboard
