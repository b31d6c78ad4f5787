// Live updates for the pages one server process serves: operators' consoles and
// customers' web chats. One thread reads the store's change feed
// (DeskStore::ReadChanges) every poll_ms and hands each change to the subscribers
// that want it: a console's subscription gets every change to a chat that is with
// operators (with where it is in the queue; the console's stream filters what its
// operator may see), a chat's subscription gets the changes to that one
// conversation, signals (an operator typing) included. Because the feed is in the
// store, a change made by any process on the same Redis reaches every process's
// pages; a process costs one feed read per poll and one queue lookup per changed
// chat while consoles are subscribed, however many pages it serves.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "switchboard/store.h"

namespace switchboard::server {

// One change to a chat.
struct ChatChange {
  std::string session_id;
  std::string signal;       // "" for a commit; else what DeskStore::Signal sent ("typing")
  bool queued = false;      // (console subscriptions) waiting or with an operator
  std::string department;   // (console subscriptions) when queued, or the last known one
  std::string operator_id;  // (console subscriptions) "" while waiting
};

// What one page receives. Safe for concurrent use.
class ChatSubscriber {
 public:
  // Waits up to `timeout_ms` for changes and returns them (none on timeout, or
  // when the hub stops; then closed() is true).
  std::vector<ChatChange> Wait(int timeout_ms);
  bool closed() const;

 private:
  friend class EventHub;
  void Push(const ChatChange& change);
  void Close();
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<ChatChange> pending_;  // GUARDED_BY(mu_); bounded: the oldest are dropped
  bool closed_ = false;             // GUARDED_BY(mu_)
};

// An EventHub is safe for concurrent use by multiple threads.
class EventHub {
 public:
  EventHub(DeskStore* desk, QueueStore* queue, int poll_ms);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  void Start();
  // Closes every subscription (their streams end) and joins the thread.
  void Stop();
  // Reads the feed now instead of at the next poll: for changes this process just
  // made, so that its own pages see them at once (other processes' changes arrive
  // within poll_ms).
  void Wake();

  // Every change to chats with operators (a console).
  std::shared_ptr<ChatSubscriber> SubscribeDesk();
  // The changes to one conversation (a customer's page).
  std::shared_ptr<ChatSubscriber> SubscribeChat(const std::string& session_id);
  void Unsubscribe(const std::shared_ptr<ChatSubscriber>& subscriber);
  size_t subscribers() const;

 private:
  void Run();
  void Publish(const ChangeBatch& batch);
  std::shared_ptr<ChatSubscriber> Add(const std::string& session_id);

  DeskStore* const desk_;
  QueueStore* const queue_;
  const int poll_ms_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  bool woken_ = false;     // GUARDED_BY(mu_)
  // "" for console subscriptions, else the conversation. GUARDED_BY(mu_)
  std::multimap<std::string, std::shared_ptr<ChatSubscriber>> subscribers_;
  std::map<std::string, std::string> last_department_;  // only the hub thread
};

}  // namespace switchboard::server
