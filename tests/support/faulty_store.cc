// FaultyStore's one behaviour of its own: failing a chosen commit.
#include "support/faulty_store.h"

namespace switchboard::testing {

Result<uint64_t> FaultyStore::Commit(const TurnCommit& commit) {
  Fault fault = Fault::kNone;
  {
    std::lock_guard lock(mu_);
    if (fault_ != Fault::kNone && skip_-- == 0) {
      fault = fault_;
      fault_ = Fault::kNone;
    }
  }
  switch (fault) {
    case Fault::kNone:
      break;
    case Fault::kFailBefore:
      return Status::Unavailable("injected: the store could not be reached");
    case Fault::kConflict:
      return Status::Conflict("injected: another writer committed first");
    case Fault::kLoseAnswer: {
      Result<uint64_t> applied = base_->Commit(commit);
      if (applied.ok()) ++commits_;
      return Status::Unavailable("injected: the commit's answer was lost");
    }
  }
  Result<uint64_t> applied = base_->Commit(commit);
  if (applied.ok()) ++commits_;
  return applied;
}

}  // namespace switchboard::testing
