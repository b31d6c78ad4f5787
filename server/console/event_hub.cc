// The consoles' live updates (see event_hub.h).
#include "server/console/event_hub.h"

#include <algorithm>
#include <chrono>
#include <set>

namespace switchboard::server {
namespace {
constexpr size_t kMaxPendingPerSubscriber = 10000;
constexpr size_t kFeedBatch = 1000;
}  // namespace

std::vector<DeskChange> DeskSubscriber::Wait(int timeout_ms) {
  std::unique_lock lock(mu_);
  ready_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return closed_ || !pending_.empty(); });
  std::vector<DeskChange> out(pending_.begin(), pending_.end());
  pending_.clear();
  return out;
}

bool DeskSubscriber::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

void DeskSubscriber::Push(const DeskChange& change) {
  {
    std::lock_guard lock(mu_);
    if (pending_.size() >= kMaxPendingPerSubscriber) pending_.pop_front();
    pending_.push_back(change);
  }
  ready_.notify_one();
}

void DeskSubscriber::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  ready_.notify_all();
}

EventHub::EventHub(DeskStore* desk, QueueStore* queue, int poll_ms)
    : desk_(desk), queue_(queue), poll_ms_(std::max(1, poll_ms)) {}

EventHub::~EventHub() { Stop(); }

void EventHub::Start() { thread_ = std::thread([this] { Run(); }); }

void EventHub::Stop() {
  std::vector<std::shared_ptr<DeskSubscriber>> subscribers;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    subscribers.swap(subscribers_);
  }
  wake_.notify_all();
  for (auto& s : subscribers) s->Close();
  if (thread_.joinable()) thread_.join();
}

void EventHub::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

std::shared_ptr<DeskSubscriber> EventHub::Subscribe() {
  auto s = std::make_shared<DeskSubscriber>();
  std::lock_guard lock(mu_);
  if (stopping_) {
    s->Close();
  } else {
    subscribers_.push_back(s);
  }
  return s;
}

void EventHub::Unsubscribe(const std::shared_ptr<DeskSubscriber>& subscriber) {
  std::lock_guard lock(mu_);
  std::erase(subscribers_, subscriber);
}

size_t EventHub::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

uint64_t EventHub::read_errors() const {
  std::lock_guard lock(mu_);
  return read_errors_;
}

void EventHub::Publish(const std::vector<std::string>& session_ids) {
  std::set<std::string> seen;
  std::vector<DeskChange> changes;
  for (const std::string& sid : session_ids) {
    if (!seen.insert(sid).second) continue;
    DeskChange change;
    change.session_id = sid;
    Result<QueueEntry> entry = queue_->GetQueueEntry(sid);
    if (entry.ok()) {
      change.queued = true;
      change.department = entry->department;
      change.operator_id = entry->operator_id;
      last_department_[sid] = entry->department;
    } else {
      // Bot-only chats are nobody's business at the desk; a chat that just left the
      // queue is, once, so that consoles drop it.
      auto known = last_department_.find(sid);
      if (known == last_department_.end()) continue;
      change.department = known->second;
      last_department_.erase(known);
    }
    changes.push_back(std::move(change));
  }
  if (last_department_.size() > 100000) last_department_.clear();
  std::lock_guard lock(mu_);
  for (const auto& s : subscribers_) {
    for (const DeskChange& c : changes) s->Push(c);
  }
}

void EventHub::Run() {
  std::string cursor;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    Result<ChangeBatch> batch = desk_->ReadChanges(cursor, kFeedBatch);
    bool more = false;
    if (batch.ok()) {
      cursor = batch->cursor;
      more = batch->session_ids.size() == kFeedBatch;
      if (!batch->session_ids.empty()) Publish(batch->session_ids);
    }
    lock.lock();
    if (!batch.ok()) ++read_errors_;
    if (!more) wake_.wait_for(lock, std::chrono::milliseconds(poll_ms_), [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

}  // namespace switchboard::server
