// A Store that forwards to another and fails on request at each point of a commit:
// before anything is applied, after it is applied with the answer lost (as when a
// connection drops after Redis ran the script), or as a lost race. For the engine's
// fault tests, on either real store.
#pragma once

#include <atomic>
#include <mutex>

#include "switchboard/store.h"

namespace switchboard::testing {

class FaultyStore final : public Store {
 public:
  enum class Fault {
    kNone,
    kFailBefore,   // Unavailable; nothing written
    kLoseAnswer,   // written, then Unavailable
    kConflict,     // Conflict; nothing written (another writer got there first)
  };

  explicit FaultyStore(Store* base) : base_(base) {}

  // The commit after `skip` more successful ones fails with `fault`.
  void FailCommit(Fault fault, int skip = 0) {
    std::lock_guard lock(mu_);
    fault_ = fault;
    skip_ = skip;
  }
  int commits() const { return commits_.load(); }

  Result<LoadedSession> Load(std::string_view session_id, std::string_view message_id) override {
    return base_->Load(session_id, message_id);
  }
  Result<uint64_t> Commit(const TurnCommit& commit) override;
  Result<std::vector<Event>> ReadEvents(std::string_view session_id, size_t from, size_t limit) override {
    return base_->ReadEvents(session_id, from, limit);
  }
  Result<std::vector<Event>> ReadLastEvents(std::string_view session_id, size_t limit,
                                            size_t* first_index) override {
    return base_->ReadLastEvents(session_id, limit, first_index);
  }
  Status Delete(std::string_view session_id) override { return base_->Delete(session_id); }
  Result<std::vector<std::string>> DuePendingCalls(int64_t now_ms, size_t limit) override {
    return base_->DuePendingCalls(now_ms, limit);
  }

  Result<std::string> ResolveCustomer(std::string_view channel, std::string_view user_id) override {
    return base_->ResolveCustomer(channel, user_id);
  }
  Status RedirectCustomer(std::string_view from, std::string_view to) override {
    return base_->RedirectCustomer(from, to);
  }
  Result<std::string> CurrentCustomer(std::string_view customer_id) override {
    return base_->CurrentCustomer(customer_id);
  }
  Status LinkIdentity(std::string_view customer_id, std::string_view channel,
                      std::string_view user_id) override {
    return base_->LinkIdentity(customer_id, channel, user_id);
  }
  Result<std::vector<std::string>> ListIdentities(std::string_view customer_id) override {
    return base_->ListIdentities(customer_id);
  }
  Result<std::map<std::string, std::string>> GetProfile(std::string_view customer_id) override {
    return base_->GetProfile(customer_id);
  }
  Status SetProfile(std::string_view customer_id, const std::map<std::string, std::string>& fields) override {
    return base_->SetProfile(customer_id, fields);
  }
  Status PutPendingLink(std::string_view token, const PendingLink& link, int64_t ttl_ms) override {
    return base_->PutPendingLink(token, link, ttl_ms);
  }
  Result<PendingLink> GetPendingLink(std::string_view token) override { return base_->GetPendingLink(token); }
  Result<PendingLink> TakePendingLink(std::string_view token) override { return base_->TakePendingLink(token); }

  Status Enqueue(const QueueEntry& entry) override { return base_->Enqueue(entry); }
  Result<QueueEntry> Take(std::string_view department, std::string_view operator_id) override {
    return base_->Take(department, operator_id);
  }
  Result<QueueEntry> Assign(std::string_view session_id, std::string_view operator_id) override {
    return base_->Assign(session_id, operator_id);
  }
  Status Release(std::string_view session_id) override { return base_->Release(session_id); }
  Status Close(std::string_view session_id) override { return base_->Close(session_id); }
  Result<QueueEntry> GetQueueEntry(std::string_view session_id) override {
    return base_->GetQueueEntry(session_id);
  }
  Result<std::vector<QueueEntry>> ListWaiting(std::string_view department, size_t limit) override {
    return base_->ListWaiting(department, limit);
  }
  Result<ChangeBatch> ReadChanges(std::string_view cursor, size_t max) override {
    return base_->ReadChanges(cursor, max);
  }
  Status Signal(std::string_view session_id, std::string_view signal) override {
    return base_->Signal(session_id, signal);
  }
  Result<std::vector<QueueEntry>> ListAssigned(std::string_view operator_id, size_t limit) override {
    return base_->ListAssigned(operator_id, limit);
  }
  Status SetPresence(std::string_view operator_id, const OperatorPresence& presence) override {
    return base_->SetPresence(operator_id, presence);
  }
  Result<std::map<std::string, OperatorPresence>> ListPresence() override { return base_->ListPresence(); }

  Result<size_t> OutboxDepth() override { return base_->OutboxDepth(); }
  Result<std::vector<OutboxEntry>> ReadOutbox(std::string_view consumer, size_t max) override {
    return base_->ReadOutbox(consumer, max);
  }
  Status AckOutbox(const std::vector<std::string>& ids) override { return base_->AckOutbox(ids); }

 private:
  Store* const base_;
  std::mutex mu_;
  Fault fault_ = Fault::kNone;  // GUARDED_BY(mu_)
  int skip_ = 0;                // GUARDED_BY(mu_)
  std::atomic<int> commits_{0};
};

}  // namespace switchboard::testing
