// The embedded in-memory Store: for quick starts, the command-line tools and tests.
// One mutex guards everything; a turn holds it only to copy a snapshot in or out.
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
  std::vector<Event> events;
  std::set<std::string, std::less<>> seen_message_ids;
  int64_t touched_ms = 0;
};

class MemoryStore final : public Store {
 public:
  explicit MemoryStore(const MemoryStoreOptions& options)
      : ttl_ms_(options.session_ttl_ms), clock_(options.clock ? options.clock : SystemClock()) {}

  Result<LoadedSession> Load(std::string_view session_id,
                             std::string_view inbound_message_id) override {
    std::lock_guard lock(mu_);
    LoadedSession loaded;
    Conversation* c = FindLive(session_id);
    if (c == nullptr) return loaded;
    loaded.version = c->version;
    loaded.snapshot = c->snapshot;
    loaded.duplicate = !inbound_message_id.empty() &&
                       c->seen_message_ids.find(inbound_message_id) != c->seen_message_ids.end();
    return loaded;
  }

  Result<uint64_t> Commit(const TurnCommit& commit) override {
    std::lock_guard lock(mu_);
    Conversation* c = FindLive(commit.session_id);
    uint64_t current = c ? c->version : 0;
    if (current != commit.expected_version) {
      return Status::Conflict("session " + commit.session_id + ": expected version " +
                              std::to_string(commit.expected_version) + ", found " +
                              std::to_string(current));
    }
    if (c == nullptr) c = &conversations_[commit.session_id];
    c->version = current + 1;
    c->snapshot = commit.snapshot;
    c->events.insert(c->events.end(), commit.events.begin(), commit.events.end());
    if (!commit.inbound_message_id.empty()) c->seen_message_ids.insert(commit.inbound_message_id);
    c->touched_ms = clock_->NowMs();
    return c->version;
  }

  Result<std::vector<Event>> ReadEvents(std::string_view session_id, size_t from,
                                        size_t limit) override {
    std::lock_guard lock(mu_);
    std::vector<Event> out;
    Conversation* c = FindLive(session_id);
    if (c == nullptr) return out;
    for (size_t i = from; i < c->events.size() && out.size() < limit; ++i) out.push_back(c->events[i]);
    return out;
  }

  Status Delete(std::string_view session_id) override {
    std::lock_guard lock(mu_);
    auto it = conversations_.find(std::string(session_id));
    if (it != conversations_.end()) conversations_.erase(it);
    return Status::Ok();
  }

 private:
  // REQUIRES: mu_ held. Null when absent or expired (an expired one is dropped).
  Conversation* FindLive(std::string_view session_id) {
    auto it = conversations_.find(std::string(session_id));
    if (it == conversations_.end()) return nullptr;
    if (ttl_ms_ > 0 && clock_->NowMs() - it->second.touched_ms > ttl_ms_) {
      conversations_.erase(it);
      return nullptr;
    }
    return &it->second;
  }

  const int64_t ttl_ms_;
  const Clock* const clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Conversation> conversations_;  // GUARDED_BY(mu_)
};

}  // namespace

std::unique_ptr<Store> NewMemoryStore(const MemoryStoreOptions& options) {
  return std::make_unique<MemoryStore>(options);
}

}  // namespace switchboard
