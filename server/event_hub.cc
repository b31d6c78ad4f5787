// Live updates for consoles and web chats (see event_hub.h).
#include "server/event_hub.h"

#include <algorithm>
#include <chrono>
#include <set>

namespace switchboard::server {
namespace {
constexpr size_t kMaxPendingPerSubscriber = 10000;
constexpr size_t kFeedBatch = 1000;
}  // namespace

std::vector<ChatChange> ChatSubscriber::Wait(int timeout_ms) {
  std::unique_lock lock(mu_);
  ready_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return closed_ || !pending_.empty(); });
  std::vector<ChatChange> out(pending_.begin(), pending_.end());
  pending_.clear();
  return out;
}

bool ChatSubscriber::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

void ChatSubscriber::Push(const ChatChange& change) {
  {
    std::lock_guard lock(mu_);
    if (pending_.size() >= kMaxPendingPerSubscriber) pending_.pop_front();
    pending_.push_back(change);
  }
  ready_.notify_one();
}

void ChatSubscriber::Close() {
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
  std::multimap<std::string, std::shared_ptr<ChatSubscriber>> subscribers;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    subscribers.swap(subscribers_);
  }
  wake_.notify_all();
  for (auto& [_, s] : subscribers) s->Close();
  if (thread_.joinable()) thread_.join();
}

void EventHub::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

std::shared_ptr<ChatSubscriber> EventHub::Add(const std::string& session_id) {
  auto s = std::make_shared<ChatSubscriber>();
  std::lock_guard lock(mu_);
  if (stopping_) {
    s->Close();
  } else {
    subscribers_.emplace(session_id, s);
  }
  return s;
}

std::shared_ptr<ChatSubscriber> EventHub::SubscribeDesk() { return Add(""); }

std::shared_ptr<ChatSubscriber> EventHub::SubscribeChat(const std::string& session_id) {
  if (session_id.empty()) return nullptr;
  return Add(session_id);
}

void EventHub::Unsubscribe(const std::shared_ptr<ChatSubscriber>& subscriber) {
  std::lock_guard lock(mu_);
  std::erase_if(subscribers_, [&](const auto& kv) { return kv.second == subscriber; });
}

size_t EventHub::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

void EventHub::Publish(const ChangeBatch& batch) {
  bool consoles;
  {
    std::lock_guard lock(mu_);
    consoles = subscribers_.count("") > 0;
    // A customer's page hears of its own conversation, signals included.
    for (size_t i = 0; i < batch.session_ids.size(); ++i) {
      auto [from, to] = subscribers_.equal_range(batch.session_ids[i]);
      for (auto it = from; it != to; ++it) it->second->Push({batch.session_ids[i], batch.signals[i], false, "", ""});
    }
  }
  if (!consoles) return;
  // Consoles hear of commits to chats with operators, with where each chat is now.
  std::set<std::string> seen;
  std::vector<ChatChange> changes;
  for (size_t i = 0; i < batch.session_ids.size(); ++i) {
    const std::string& sid = batch.session_ids[i];
    if (!batch.signals[i].empty() || !seen.insert(sid).second) continue;
    ChatChange change;
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
  auto [from, to] = subscribers_.equal_range("");
  for (auto it = from; it != to; ++it) {
    for (const ChatChange& c : changes) it->second->Push(c);
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
      if (!batch->session_ids.empty()) Publish(*batch);
    }
    lock.lock();
    if (!more) wake_.wait_for(lock, std::chrono::milliseconds(poll_ms_), [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

}  // namespace switchboard::server
