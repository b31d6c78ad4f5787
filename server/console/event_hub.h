// Live updates for the consoles of one server process. One thread reads the store's
// change feed (DeskStore::ReadChanges) every poll_ms, looks up where each changed
// chat is in the operators' queue, and hands the change to every subscriber; each
// console's event stream (Server-Sent Events) filters what its operator may see.
// Because the feed is in the store, a commit made by any process on the same Redis
// reaches every process's consoles; a process costs one feed read per poll, and
// one queue lookup per changed chat, however many consoles it serves.
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

// One chat that changed, and where it is now.
struct DeskChange {
  std::string session_id;
  bool queued = false;      // waiting or with an operator; false: the bot has it
  std::string department;   // when queued, or the last known one
  std::string operator_id;  // "" while waiting
};

// What one console receives. Safe for concurrent use.
class DeskSubscriber {
 public:
  // Waits up to `timeout_ms` for changes; returns them (empty on timeout or when
  // the hub stops; then closed() is true).
  std::vector<DeskChange> Wait(int timeout_ms);
  bool closed() const;

 private:
  friend class EventHub;
  void Push(const DeskChange& change);
  void Close();
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<DeskChange> pending_;  // GUARDED_BY(mu_); bounded: the oldest are dropped
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
  // committed, so that its own consoles see them at once (other processes' changes
  // arrive within poll_ms).
  void Wake();

  std::shared_ptr<DeskSubscriber> Subscribe();
  void Unsubscribe(const std::shared_ptr<DeskSubscriber>& subscriber);
  size_t subscribers() const;
  // Feed reads that failed (the store was unreachable); the hub keeps trying.
  uint64_t read_errors() const;

 private:
  void Run();
  void Publish(const std::vector<std::string>& session_ids);

  DeskStore* const desk_;
  QueueStore* const queue_;
  const int poll_ms_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;                                    // GUARDED_BY(mu_)
  bool woken_ = false;                                       // GUARDED_BY(mu_)
  std::vector<std::shared_ptr<DeskSubscriber>> subscribers_; // GUARDED_BY(mu_)
  std::map<std::string, std::string> last_department_;       // only the hub thread
  uint64_t read_errors_ = 0;                                 // GUARDED_BY(mu_)
};

}  // namespace switchboard::server
