// The embedded in-memory Store: for quick starts, the command-line tools and tests.
// One mutex guards everything; a turn holds it only to copy a snapshot in or out.
// It mirrors the Redis store's behaviour (TTLs, dedupe, queue order, outbox
// redelivery) so that one contract suite runs against both; see README.md here.
#include <algorithm>
#include <deque>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "switchboard/clock.h"
#include "switchboard/store.h"

namespace switchboard {
namespace {


struct Conversation {
  uint64_t version = 0;
  std::string snapshot;
  int64_t state_expires_ms = 0;  // 0: never
  std::deque<Event> events;      // the newest max_events of the log
  size_t trimmed = 0;            // events dropped from the front: events[0]'s index
  int64_t events_expires_ms = 0;                     // 0: never
  // message id -> (order of arrival, expiry (0: never))
  std::map<std::string, std::pair<uint64_t, int64_t>, std::less<>> seen;
  uint64_t seen_seq = 0;
};

struct QueueItem {
  QueueEntry entry;
  uint64_t seq = 0;  // FIFO order among equal priorities; kept across Release
};

struct OutboxItem {
  OutboxMessage message;
  bool delivered = false;  // handed to a consumer, not acknowledged yet
  int64_t delivered_ms = 0;
  uint64_t deliveries = 0;
};

// Expiry time `ttl_ms` after `now`; 0 (never) when ttl_ms is 0.
int64_t ExpiryAfter(int64_t now, int64_t ttl_ms) { return ttl_ms > 0 ? now + ttl_ms : 0; }
bool Expired(int64_t expires_ms, int64_t now) { return expires_ms != 0 && expires_ms <= now; }

// A MemoryStore is safe for concurrent use by multiple threads.
class MemoryStore final : public Store {
 public:
  explicit MemoryStore(const MemoryStoreOptions& options)
      : ttl_(options.ttl), clock_(options.clock ? options.clock : SystemClock()) {
    if (ttl_.session_ttl_ms == 0 && options.session_ttl_ms > 0) {
      ttl_.session_ttl_ms = options.session_ttl_ms;
      if (ttl_.transcript_ttl_ms == 0) ttl_.transcript_ttl_ms = options.session_ttl_ms;
    }
  }

  Result<LoadedSession> Load(std::string_view session_id,
                             std::string_view inbound_message_id) override {
    std::lock_guard lock(mu_);
    LoadedSession loaded;
    Conversation* c = FindLive(session_id);
    if (c == nullptr) return loaded;
    loaded.version = c->version;
    loaded.snapshot = c->snapshot;
    loaded.duplicate =
        !inbound_message_id.empty() && c->seen.find(inbound_message_id) != c->seen.end();
    return loaded;
  }

  Result<uint64_t> Commit(const TurnCommit& commit) override {
    if (Status s = ValidateQueueChange(commit.queue); !s.ok()) return s;
    std::lock_guard lock(mu_);
    Conversation* c = FindLive(commit.session_id);
    uint64_t current = c ? c->version : 0;
    if (current != commit.expected_version) {
      return Status::Conflict("session " + commit.session_id + ": expected version " +
                              std::to_string(commit.expected_version) + ", found " +
                              std::to_string(current));
    }
    if (c != nullptr && !commit.inbound_message_id.empty() &&
        c->seen.count(commit.inbound_message_id) > 0) {
      return Status::Conflict("session " + commit.session_id + ": message " +
                              commit.inbound_message_id + " already committed");
    }
    if (commit.queue.kind == QueueChange::Kind::kAssign && commit.queue.max_assigned > 0) {
      int assigned = 0;
      for (const auto& [sid, item] : queue_) {
        assigned += sid != commit.session_id && item.entry.operator_id == commit.queue.operator_id;
      }
      if (assigned >= commit.queue.max_assigned) {
        return Status::ResourceExhausted("operator " + commit.queue.operator_id + " has " +
                                         std::to_string(assigned) + " chats, their maximum");
      }
    }
    if (c == nullptr) c = &conversations_[commit.session_id];
    const int64_t now = clock_->NowMs();
    c->version = current + 1;
    c->snapshot = commit.snapshot;
    c->state_expires_ms = ExpiryAfter(now, ttl_.session_ttl_ms);
    c->events.insert(c->events.end(), commit.events.begin(), commit.events.end());
    if (ttl_.max_events > 0 && c->events.size() > ttl_.max_events) {
      size_t drop = c->events.size() - ttl_.max_events;
      c->events.erase(c->events.begin(), c->events.begin() + static_cast<ptrdiff_t>(drop));
      c->trimmed += drop;
    }
    if (!c->events.empty()) c->events_expires_ms = ExpiryAfter(now, ttl_.transcript_ttl_ms);
    if (!commit.inbound_message_id.empty()) {
      c->seen[commit.inbound_message_id] = {++c->seen_seq, ExpiryAfter(now, ttl_.dedupe_ttl_ms)};
      TrimSeen(*c);
    }
    for (const OutboxMessage& m : commit.outbox) outbox_[++outbox_seq_] = OutboxItem{m};
    ApplyQueueChangeLocked(commit.session_id, commit.queue);
    AddChangeLocked(commit.session_id, "");
    if (commit.pending_call_due_ms > 0) {
      pending_calls_[commit.session_id] = commit.pending_call_due_ms;
    } else {
      pending_calls_.erase(commit.session_id);
    }
    return c->version;
  }

  Result<std::vector<Event>> ReadEvents(std::string_view session_id, size_t from,
                                        size_t limit) override {
    std::lock_guard lock(mu_);
    std::vector<Event> out;
    Conversation* c = FindLive(session_id);
    if (c == nullptr) return out;
    for (size_t i = std::max(from, c->trimmed) - c->trimmed; i < c->events.size() && out.size() < limit;
         ++i) {
      out.push_back(c->events[i]);
    }
    return out;
  }

  Result<std::vector<Event>> ReadLastEvents(std::string_view session_id, size_t limit,
                                            size_t* first_index) override {
    std::lock_guard lock(mu_);
    std::vector<Event> out;
    Conversation* c = FindLive(session_id);
    size_t first = c ? c->events.size() - std::min(limit, c->events.size()) : 0;
    if (first_index != nullptr) *first_index = c ? c->trimmed + first : 0;
    if (c == nullptr) return out;
    out.assign(c->events.begin() + static_cast<ptrdiff_t>(first), c->events.end());
    return out;
  }

  Result<std::vector<std::string>> DuePendingCalls(int64_t now_ms, size_t limit) override {
    std::lock_guard lock(mu_);
    std::vector<std::pair<int64_t, std::string>> due;
    for (const auto& [sid, at] : pending_calls_) {
      if (at <= now_ms) due.emplace_back(at, sid);
    }
    std::sort(due.begin(), due.end());
    std::vector<std::string> out;
    for (size_t i = 0; i < due.size() && i < limit; ++i) out.push_back(due[i].second);
    return out;
  }

  Status Delete(std::string_view session_id) override {
    std::lock_guard lock(mu_);
    pending_calls_.erase(std::string(session_id));
    auto it = conversations_.find(std::string(session_id));
    if (it != conversations_.end()) conversations_.erase(it);
    return Status::Ok();
  }

  Result<std::string> ResolveCustomer(std::string_view channel, std::string_view user_id) override {
    if (Status s = ValidateIdentity(channel, user_id); !s.ok()) return s;
    std::lock_guard lock(mu_);
    std::string identity = IdentityKey(channel, user_id);
    auto it = identities_.find(identity);
    if (it != identities_.end()) return CurrentLocked(it->second);
    std::string customer = "c" + std::to_string(++customer_seq_);
    identities_[identity] = customer;
    customers_[customer].insert(identity);
    return customer;
  }

  Status RedirectCustomer(std::string_view from, std::string_view to) override {
    std::lock_guard lock(mu_);
    for (std::string_view id : {from, to}) {
      if (customers_.count(std::string(id)) == 0) return Status::NotFound("no customer " + std::string(id));
    }
    std::string from_now = CurrentLocked(std::string(from));
    std::string to_now = CurrentLocked(std::string(to));
    // Both are ends of their chains, so no cycle can form.
    if (from_now != to_now) redirects_[from_now] = to_now;
    return Status::Ok();
  }

  Result<std::string> CurrentCustomer(std::string_view customer_id) override {
    std::lock_guard lock(mu_);
    return CurrentLocked(std::string(customer_id));
  }

  Status LinkIdentity(std::string_view customer_id, std::string_view channel,
                      std::string_view user_id) override {
    if (Status s = ValidateIdentity(channel, user_id); !s.ok()) return s;
    std::lock_guard lock(mu_);
    auto customer = customers_.find(std::string(customer_id));
    if (customer == customers_.end())
      return Status::NotFound("no customer " + std::string(customer_id));
    std::string identity = IdentityKey(channel, user_id);
    auto it = identities_.find(identity);
    if (it != identities_.end()) {
      if (it->second == customer_id) return Status::Ok();
      return Status::Conflict(identity + " belongs to customer " + it->second);
    }
    identities_[identity] = std::string(customer_id);
    customer->second.insert(identity);
    return Status::Ok();
  }

  Result<std::vector<std::string>> ListIdentities(std::string_view customer_id) override {
    std::lock_guard lock(mu_);
    auto customer = customers_.find(std::string(customer_id));
    if (customer == customers_.end())
      return Status::NotFound("no customer " + std::string(customer_id));
    return std::vector<std::string>(customer->second.begin(), customer->second.end());
  }

  Result<std::map<std::string, std::string>> GetProfile(std::string_view customer_id) override {
    std::lock_guard lock(mu_);
    auto it = profiles_.find(std::string(customer_id));
    if (it == profiles_.end()) return std::map<std::string, std::string>();
    return it->second;
  }

  Status SetProfile(std::string_view customer_id,
                    const std::map<std::string, std::string>& fields) override {
    std::lock_guard lock(mu_);
    auto& profile = profiles_[std::string(customer_id)];
    for (const auto& [name, value] : fields) {
      if (value.empty()) {
        profile.erase(name);
      } else {
        profile[name] = value;
      }
    }
    if (profile.empty()) profiles_.erase(std::string(customer_id));
    return Status::Ok();
  }

  Status PutPendingLink(std::string_view token, const PendingLink& link, int64_t ttl_ms) override {
    if (Status s = ValidatePendingLinkToken(token); !s.ok()) return s;
    if (ttl_ms <= 0) return Status::InvalidArgument("a pending link needs a positive ttl");
    std::lock_guard lock(mu_);
    pending_links_[std::string(token)] = {link, clock_->NowMs() + ttl_ms};
    return Status::Ok();
  }

  Result<PendingLink> GetPendingLink(std::string_view token) override {
    if (Status s = ValidatePendingLinkToken(token); !s.ok()) return s;
    std::lock_guard lock(mu_);
    auto it = LivePendingLink(token);
    if (it == pending_links_.end()) return Status::NotFound("no pending link");
    return it->second.link;
  }

  Result<PendingLink> TakePendingLink(std::string_view token) override {
    if (Status s = ValidatePendingLinkToken(token); !s.ok()) return s;
    std::lock_guard lock(mu_);
    auto it = LivePendingLink(token);
    if (it == pending_links_.end()) return Status::NotFound("no pending link");
    PendingLink link = std::move(it->second.link);
    pending_links_.erase(it);
    return link;
  }

  Status Enqueue(const QueueEntry& entry) override {
    if (Status s = ValidateQueueEntry(entry); !s.ok()) return s;
    std::lock_guard lock(mu_);
    auto it = queue_.find(entry.session_id);
    if (it != queue_.end()) {
      if (!it->second.entry.operator_id.empty()) {
        return Status::Conflict("session " + entry.session_id + " is with operator " +
                                it->second.entry.operator_id);
      }
      return Status::Ok();
    }
    EnqueueLocked(entry);
    return Status::Ok();
  }

  static QueueEntry EntryFor(const std::string& session_id, const QueueChange& change) {
    QueueEntry entry;
    entry.session_id = session_id;
    entry.priority = change.priority;
    entry.department = change.department;
    return entry;
  }

  // REQUIRES: mu_ held; `change` validated.
  void ApplyQueueChangeLocked(const std::string& session_id, const QueueChange& change) {
    using Kind = QueueChange::Kind;
    auto it = queue_.find(session_id);
    if (change.kind == Kind::kNone || (change.kind == Kind::kEnqueue && it != queue_.end())) return;
    if (change.kind == Kind::kRemove) {
      if (it != queue_.end()) queue_.erase(it);
      return;
    }
    if (it == queue_.end()) {
      EnqueueLocked(EntryFor(session_id, change));
      it = queue_.find(session_id);
    }
    if (change.kind == Kind::kRequeue) it->second.entry.department = change.department;
    if (change.kind != Kind::kEnqueue) it->second.entry.operator_id = change.operator_id;
  }

  // REQUIRES: mu_ held and the session not in the queue.
  void EnqueueLocked(const QueueEntry& entry) {
    QueueItem item{entry, ++queue_seq_};
    item.entry.enqueued_ms = clock_->NowMs();
    item.entry.operator_id.clear();
    queue_[entry.session_id] = std::move(item);
  }

  Result<QueueEntry> Take(std::string_view department, std::string_view operator_id) override {
    if (operator_id.empty()) return Status::InvalidArgument("take without an operator id");
    std::lock_guard lock(mu_);
    std::vector<QueueItem*> waiting = Waiting(department);
    if (waiting.empty())
      return Status::NotFound("no conversation waits in '" + std::string(department) + "'");
    waiting.front()->entry.operator_id = std::string(operator_id);
    return waiting.front()->entry;
  }

  Result<QueueEntry> Assign(std::string_view session_id, std::string_view operator_id) override {
    if (operator_id.empty()) return Status::InvalidArgument("assign without an operator id");
    std::lock_guard lock(mu_);
    auto it = queue_.find(std::string(session_id));
    if (it == queue_.end())
      return Status::NotFound("session " + std::string(session_id) + " is not waiting");
    if (!it->second.entry.operator_id.empty()) {
      return Status::Conflict("session " + std::string(session_id) + " is with operator " +
                              it->second.entry.operator_id);
    }
    it->second.entry.operator_id = std::string(operator_id);
    return it->second.entry;
  }

  Status Release(std::string_view session_id) override {
    std::lock_guard lock(mu_);
    auto it = queue_.find(std::string(session_id));
    if (it == queue_.end() || it->second.entry.operator_id.empty()) {
      return Status::NotFound("session " + std::string(session_id) + " is not assigned");
    }
    it->second.entry.operator_id.clear();
    return Status::Ok();
  }

  Status Close(std::string_view session_id) override {
    std::lock_guard lock(mu_);
    if (queue_.erase(std::string(session_id)) == 0) {
      return Status::NotFound("session " + std::string(session_id) + " is not queued");
    }
    return Status::Ok();
  }

  Result<QueueEntry> GetQueueEntry(std::string_view session_id) override {
    std::lock_guard lock(mu_);
    auto it = queue_.find(std::string(session_id));
    if (it == queue_.end())
      return Status::NotFound("session " + std::string(session_id) + " is not queued");
    return it->second.entry;
  }

  Result<std::vector<QueueEntry>> ListWaiting(std::string_view department, size_t limit) override {
    std::lock_guard lock(mu_);
    std::vector<QueueEntry> out;
    for (QueueItem* item : Waiting(department)) {
      if (out.size() >= limit) break;
      out.push_back(item->entry);
    }
    return out;
  }

  Result<ChangeBatch> ReadChanges(std::string_view cursor, size_t max) override {
    std::lock_guard lock(mu_);
    ChangeBatch batch;
    uint64_t after = changes_seq_;
    if (!cursor.empty()) {
      char* end = nullptr;
      std::string c(cursor);
      after = std::strtoull(c.c_str(), &end, 10);
      if (*end != '\0') return Status::InvalidArgument("bad change cursor '" + c + "'");
    }
    // changes_[i] is commit number changes_seq_ - changes_.size() + 1 + i.
    const uint64_t first = changes_seq_ - changes_.size() + 1;
    for (uint64_t n = std::max(after + 1, first); n <= changes_seq_ && batch.session_ids.size() < max; ++n) {
      batch.session_ids.push_back(changes_[n - first].first);
      batch.signals.push_back(changes_[n - first].second);
      after = n;
    }
    batch.cursor = std::to_string(after);
    return batch;
  }

  Status Signal(std::string_view session_id, std::string_view signal) override {
    if (session_id.empty() || signal.empty()) return Status::InvalidArgument("a signal names a conversation and what");
    std::lock_guard lock(mu_);
    AddChangeLocked(std::string(session_id), std::string(signal));
    return Status::Ok();
  }

  Result<std::vector<QueueEntry>> ListAssigned(std::string_view operator_id, size_t limit) override {
    std::lock_guard lock(mu_);
    std::vector<QueueEntry> out;
    for (const auto& [sid, item] : queue_) {
      if (item.entry.operator_id.empty()) continue;
      if (!operator_id.empty() && item.entry.operator_id != operator_id) continue;
      out.push_back(item.entry);
    }
    std::sort(out.begin(), out.end(),
              [](const QueueEntry& a, const QueueEntry& b) { return a.session_id < b.session_id; });
    if (out.size() > limit) out.resize(limit);
    return out;
  }

  Status SetPresence(std::string_view operator_id, const OperatorPresence& presence) override {
    if (operator_id.empty()) return Status::InvalidArgument("presence without an operator id");
    std::lock_guard lock(mu_);
    if (presence.state.empty() || presence.state == "offline") {
      presence_.erase(std::string(operator_id));
    } else {
      presence_[std::string(operator_id)] = presence;
    }
    return Status::Ok();
  }

  Result<std::map<std::string, OperatorPresence>> ListPresence() override {
    std::lock_guard lock(mu_);
    const int64_t now = clock_->NowMs();
    std::erase_if(presence_, [now](const auto& kv) { return kv.second.expires_ms <= now; });
    return presence_;
  }

  Result<std::vector<OutboxEntry>> ReadOutbox(std::string_view /*consumer*/, size_t max) override {
    std::lock_guard lock(mu_);
    const int64_t now = clock_->MonotonicMs();
    std::vector<OutboxEntry> out;
    auto hand_out = [&](uint64_t seq, OutboxItem& item) {
      item.delivered = true;
      item.delivered_ms = now;
      ++item.deliveries;
      out.push_back(OutboxEntry{std::to_string(seq), item.message, item.deliveries});
    };
    for (auto& [seq, item] : outbox_) {
      if (out.size() >= max) break;
      if (item.delivered && now - item.delivered_ms >= ttl_.outbox_redeliver_ms)
        hand_out(seq, item);
    }
    for (auto it = outbox_.upper_bound(outbox_cursor_); it != outbox_.end() && out.size() < max;
         ++it) {
      hand_out(it->first, it->second);
      outbox_cursor_ = it->first;
    }
    return out;
  }

  Result<size_t> OutboxDepth() override {
    std::lock_guard lock(mu_);
    return outbox_.size();
  }

  Status AckOutbox(const std::vector<std::string>& ids) override {
    std::lock_guard lock(mu_);
    for (const std::string& id : ids) {
      char* end = nullptr;
      uint64_t seq = std::strtoull(id.c_str(), &end, 10);
      if (id.empty() || *end != '\0') continue;
      auto it = outbox_.find(seq);
      if (it != outbox_.end() && it->second.delivered) outbox_.erase(it);
    }
    return Status::Ok();
  }

 private:

  // Where `customer` leads after its redirects. Requires mu_.
  std::string CurrentLocked(std::string customer) const {
    for (auto it = redirects_.find(customer); it != redirects_.end(); it = redirects_.find(customer)) {
      customer = it->second;
    }
    return customer;
  }
  struct ExpiringLink {
    PendingLink link;
    int64_t expires_ms = 0;
  };

  // The unexpired link kept under `token` (an expired one is forgotten), or end().
  // REQUIRES: mu_ held.
  std::map<std::string, ExpiringLink, std::less<>>::iterator LivePendingLink(std::string_view token) {
    auto it = pending_links_.find(token);
    if (it != pending_links_.end() && it->second.expires_ms <= clock_->NowMs()) {
      pending_links_.erase(it);
      return pending_links_.end();
    }
    return it;
  }

  static std::string IdentityKey(std::string_view channel, std::string_view user_id) {
    return std::string(channel) + ":" + std::string(user_id);
  }

  // REQUIRES: mu_ held.
  void AddChangeLocked(std::string session_id, std::string signal) {
    changes_.emplace_back(std::move(session_id), std::move(signal));
    ++changes_seq_;
    if (changes_.size() > kChangeFeedLength) changes_.pop_front();
  }

  // REQUIRES: mu_ held. Waiting items of `department` (all when empty) in take order.
  std::vector<QueueItem*> Waiting(std::string_view department) {
    std::vector<QueueItem*> out;
    for (auto& [sid, item] : queue_) {
      if (!item.entry.operator_id.empty()) continue;
      if (!department.empty() && item.entry.department != department) continue;
      out.push_back(&item);
    }
    std::sort(out.begin(), out.end(), [](const QueueItem* a, const QueueItem* b) {
      if (a->entry.priority != b->entry.priority) return a->entry.priority > b->entry.priority;
      return a->seq < b->seq;
    });
    return out;
  }

  // REQUIRES: mu_ held. Drops what has expired; null when nothing of the
  // conversation is left.
  Conversation* FindLive(std::string_view session_id) {
    auto it = conversations_.find(std::string(session_id));
    if (it == conversations_.end()) return nullptr;
    Conversation& c = it->second;
    const int64_t now = clock_->NowMs();
    if (Expired(c.state_expires_ms, now)) {
      c.version = 0;
      c.snapshot.clear();
      c.state_expires_ms = 0;
    }
    if (Expired(c.events_expires_ms, now)) {
      c.events.clear();
      c.events_expires_ms = 0;
    }
    std::erase_if(c.seen, [now](const auto& kv) { return Expired(kv.second.second, now); });
    if (c.version == 0 && c.events.empty() && c.seen.empty()) {
      conversations_.erase(it);
      return nullptr;
    }
    return &c;
  }

  // REQUIRES: mu_ held. Keeps the newest max_dedupe_ids message ids.
  void TrimSeen(Conversation& c) const {
    if (ttl_.max_dedupe_ids == 0 || c.seen.size() <= ttl_.max_dedupe_ids) return;
    std::vector<std::pair<uint64_t, std::string>> order;
    for (const auto& [id, mark] : c.seen) order.emplace_back(mark.first, id);
    std::sort(order.begin(), order.end());
    for (size_t i = 0; i + ttl_.max_dedupe_ids < order.size(); ++i) c.seen.erase(order[i].second);
  }

  StoreTtlOptions ttl_;
  const Clock* const clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Conversation> conversations_;         // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::string> identities_;             // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::string> redirects_;              // GUARDED_BY(mu_) customer -> customer
  std::map<std::string, std::set<std::string>> customers_;              // GUARDED_BY(mu_)
  std::map<std::string, std::map<std::string, std::string>> profiles_;  // GUARDED_BY(mu_)
  std::map<std::string, ExpiringLink, std::less<>> pending_links_;     // GUARDED_BY(mu_)
  uint64_t customer_seq_ = 0;                                           // GUARDED_BY(mu_)
  std::unordered_map<std::string, QueueItem> queue_;                    // GUARDED_BY(mu_)
  std::unordered_map<std::string, int64_t> pending_calls_;  // sid -> due ms; GUARDED_BY(mu_)
  uint64_t queue_seq_ = 0;                                              // GUARDED_BY(mu_)
  std::map<uint64_t, OutboxItem> outbox_;                               // GUARDED_BY(mu_)
  uint64_t outbox_seq_ = 0;                                             // GUARDED_BY(mu_)
  uint64_t outbox_cursor_ = 0;  // last id handed out for the first time; GUARDED_BY(mu_)
  // The newest commits' conversations (signal "") and signals. GUARDED_BY(mu_)
  std::deque<std::pair<std::string, std::string>> changes_;
  uint64_t changes_seq_ = 0;         // commits ever; GUARDED_BY(mu_)
  std::map<std::string, OperatorPresence> presence_;                    // GUARDED_BY(mu_)
};

}  // namespace

std::unique_ptr<Store> NewMemoryStore(const MemoryStoreOptions& options) {
  return std::make_unique<MemoryStore>(options);
}

}  // namespace switchboard
