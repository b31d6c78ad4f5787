// The Store seam: where conversation state and history live. Dialog code sees only
// this interface; the in-memory store serves quick starts and tests, the Redis store
// serves production. The interface is batch-shaped so that a turn costs at most two
// round trips on a remote store: Load (snapshot + dedupe check) and Commit (version
// check, snapshot write, event append, outbox append: one atomic step).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/event.h"
#include "switchboard/status.h"

namespace switchboard {

class Clock;

// What Load found for one conversation.
struct LoadedSession {
  uint64_t version = 0;     // 0: no such conversation yet
  std::string snapshot;     // opaque to the store; empty when version == 0
  bool duplicate = false;   // the inbound message id was already committed
};

// A reply waiting to be delivered to a messenger.
struct OutboxMessage {
  std::string session_id;
  std::string channel;      // "telegram", "webchat", ...
  std::string recipient;    // the channel's user or chat id
  std::string payload;      // JSON the adapter understands
};

// Everything one turn writes, applied atomically or not at all.
struct TurnCommit {
  std::string session_id;
  uint64_t expected_version = 0;    // the version Load returned
  std::string snapshot;             // the new snapshot; stored as version + 1
  std::vector<Event> events;        // appended to the conversation's log in order
  std::vector<OutboxMessage> outbox;
  std::string inbound_message_id;   // remembered for dedupe; may be empty
};

// A Store is safe for concurrent use by multiple threads.
class Store {
 public:
  virtual ~Store() = default;

  // Reads the conversation's snapshot and whether inbound_message_id (if not empty)
  // was already committed. Returns Unavailable when the backend cannot be reached.
  virtual Result<LoadedSession> Load(std::string_view session_id,
                                     std::string_view inbound_message_id) = 0;

  // Applies the commit if the stored version still equals expected_version.
  // Returns Conflict (and writes nothing) when another writer got there first;
  // the caller re-runs its turn on a fresh Load. On success returns the new version.
  virtual Result<uint64_t> Commit(const TurnCommit& commit) = 0;

  // Up to `limit` events of the conversation's log starting at index `from`.
  virtual Result<std::vector<Event>> ReadEvents(std::string_view session_id,
                                                size_t from, size_t limit) = 0;

  // Forgets the conversation: snapshot, log and dedupe marks.
  virtual Status Delete(std::string_view session_id) = 0;
};

struct MemoryStoreOptions {
  // Idle conversations whose last commit is older than this are forgotten on the
  // next access. 0 keeps them forever.
  int64_t session_ttl_ms = 0;
  // Time source for the TTL; SystemClock() when null.
  const Clock* clock = nullptr;
};

std::unique_ptr<Store> NewMemoryStore(const MemoryStoreOptions& options = {});

}  // namespace switchboard
