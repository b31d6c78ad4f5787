// The Store seam: where conversation state and history live. Dialog code sees only
// this interface; the in-memory store serves quick starts and tests, the Redis store
// serves production. The interface is batch-shaped so that a turn costs at most two
// round trips on a remote store: Load (snapshot + dedupe check) and Commit (version
// check, snapshot write, event append, outbox append: one atomic step).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
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
  bool operator==(const OutboxMessage&) const = default;
};

// A conversation waiting for, or with, an operator.
struct QueueEntry {
  std::string session_id;
  int priority = 0;           // higher is served first; [-100, 100]
  std::string department;     // "" for the general queue
  int64_t enqueued_ms = 0;    // set by Enqueue from the store's clock
  std::string operator_id;    // empty while waiting
  bool operator==(const QueueEntry&) const = default;
};

// InvalidArgument for an entry without a session id or with a priority outside
// [-100, 100]; what both stores check before queueing.
Status ValidateQueueEntry(const QueueEntry& entry);
// InvalidArgument for an empty channel or user id, or a channel with ':'.
Status ValidateIdentity(std::string_view channel, std::string_view user_id);

// How a commit changes the operators' queue, in the same atomic step as the
// conversation's state, so that the queue and the conversation never disagree.
struct QueueChange {
  enum class Kind {
    kNone,
    kEnqueue,  // join the waiting queue (unchanged when already waiting or assigned)
    kAssign,   // belong to operator_id (created when missing; leaves the waiting queue)
    kRequeue,  // wait again, in `department`, at the original place (or assigned to
               // operator_id when one is given: a transfer to a person)
    kRemove,   // leave the queue and any operator: the bot has the chat again
  };
  Kind kind = Kind::kNone;
  int priority = 0;         // kEnqueue: [-100, 100]
  std::string department;   // kEnqueue, kRequeue
  std::string operator_id;  // kAssign; kRequeue when transferring to a person
  // kAssign: when operator_id already has this many other conversations, nothing of
  // the commit is applied and it fails with ResourceExhausted (0: no limit). Checked
  // in the same atomic step, so processes assigning at once never exceed it.
  int max_assigned = 0;
};

// Everything one turn writes, applied atomically or not at all.
struct TurnCommit {
  std::string session_id;
  uint64_t expected_version = 0;    // the version Load returned
  std::string snapshot;             // the new snapshot; stored as version + 1
  std::vector<Event> events;        // appended to the conversation's log in order
  std::vector<OutboxMessage> outbox;
  std::string inbound_message_id;   // remembered for dedupe; may be empty
  // When the new state holds a business call in flight: the time after which a
  // sweeper may take it over (its lease). 0: no call in flight. Indexed by the store
  // so that DuePendingCalls finds conversations no message will wake.
  int64_t pending_call_due_ms = 0;
  QueueChange queue;                // applied with the rest, for session_id
};

// InvalidArgument for a queue change that no store would apply.
Status ValidateQueueChange(const QueueChange& change);

// An outbox message as handed to a delivery worker.
struct OutboxEntry {
  std::string id;             // opaque; pass it to AckOutbox
  OutboxMessage message;
  uint64_t deliveries = 1;    // how many times it was handed out, this time included
};

struct StoreStats {
  uint64_t round_trips = 0;     // request/reply exchanges with the backend
  uint64_t reconnects = 0;      // connections (re)opened after the first
  uint64_t script_reloads = 0;  // NOSCRIPT answers that made us load a script again
};

// Conversations: state, history and dedupe marks. What a turn needs.
class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // Reads the conversation's snapshot and whether inbound_message_id (if not empty)
  // was already committed. Returns Unavailable when the backend cannot be reached.
  virtual Result<LoadedSession> Load(std::string_view session_id,
                                     std::string_view inbound_message_id) = 0;

  // Applies the commit if the stored version still equals expected_version.
  // Returns Conflict (and writes nothing) when another writer got there first;
  // the caller re-runs its turn on a fresh Load. ResourceExhausted (nothing
  // written) when an assignment would exceed QueueChange::max_assigned. On success
  // returns the new version.
  virtual Result<uint64_t> Commit(const TurnCommit& commit) = 0;

  // Up to `limit` events of the conversation's log starting at index `from` (the
  // index counts every event ever appended, also those trimmed since: reading from
  // a trimmed index starts at the oldest kept event).
  virtual Result<std::vector<Event>> ReadEvents(std::string_view session_id, size_t from,
                                                size_t limit) = 0;

  // The last `limit` events of the log, oldest first, and the index of the first of
  // them in *first_index (when not null).
  virtual Result<std::vector<Event>> ReadLastEvents(std::string_view session_id, size_t limit,
                                                    size_t* first_index) = 0;

  // Forgets the conversation: snapshot, log and dedupe marks.
  virtual Status Delete(std::string_view session_id) = 0;

  // Up to `limit` conversations whose business call in flight was due by `now_ms`
  // (see TurnCommit::pending_call_due_ms), most overdue first.
  virtual Result<std::vector<std::string>> DuePendingCalls(int64_t now_ms, size_t limit) = 0;
};

// A question put to a customer: is the phone another customer typed theirs? Kept
// until they answer or it expires; only the owner's answer links the two.
struct PendingLink {
  std::string asking_customer;  // who typed the phone
  std::string owner_customer;   // who verified it: only they may answer
  std::string asked_from;       // the channel the phone was typed in
  std::string phone;            // "+" and digits
  bool operator==(const PendingLink&) const = default;
};

// InvalidArgument unless `token` is 1-64 characters of A-Z a-z 0-9 _ - (it travels
// in button payloads).
Status ValidatePendingLinkToken(std::string_view token);

// Customers: one person, several messengers, one history.
class CustomerStore {
 public:
  virtual ~CustomerStore() = default;

  // Returns the customer id that (channel, user_id) points to, creating a new
  // customer ("c1", "c2", ...) on first sight, and following redirects
  // (RedirectCustomer) in the same round trip. Channel must not contain ':'.
  virtual Result<std::string> ResolveCustomer(std::string_view channel,
                                              std::string_view user_id) = 0;
  // From now on every identity of customer `from` resolves to `to` (where `to`
  // itself is redirected, to where it leads): one person found to be two records.
  // OK when the two already lead to the same customer; NotFound for an unknown
  // customer. Redirects never form a cycle.
  virtual Status RedirectCustomer(std::string_view from, std::string_view to) = 0;
  // Where `customer_id` leads after its redirects (itself when it has none).
  virtual Result<std::string> CurrentCustomer(std::string_view customer_id) = 0;
  // Points (channel, user_id) at an existing customer. OK when it already does;
  // NotFound for an unknown customer; Conflict when the identity belongs to another
  // customer (merging two histories is a staff decision, not the store's).
  virtual Status LinkIdentity(std::string_view customer_id, std::string_view channel,
                              std::string_view user_id) = 0;
  // The identities of a customer as "channel:user_id", sorted; NotFound if unknown.
  virtual Result<std::vector<std::string>> ListIdentities(std::string_view customer_id) = 0;
  // The customer's profile fields (name, phone, ...); empty when none were set.
  virtual Result<std::map<std::string, std::string>> GetProfile(std::string_view customer_id) = 0;
  // Merges `fields` into the profile; a field with an empty value is removed.
  virtual Status SetProfile(std::string_view customer_id,
                            const std::map<std::string, std::string>& fields) = 0;

  // Keeps `link` under `token` for `ttl_ms` (replacing any link kept there).
  // InvalidArgument for a malformed token or a ttl that is not positive.
  virtual Status PutPendingLink(std::string_view token, const PendingLink& link, int64_t ttl_ms) = 0;
  // The link kept under `token`; NotFound when none is (never kept, expired or taken).
  virtual Result<PendingLink> GetPendingLink(std::string_view token) = 0;
  // Reads and forgets the link in one atomic step: of two takes of one token, one
  // gets the link and the other NotFound.
  virtual Result<PendingLink> TakePendingLink(std::string_view token) = 0;
};

// The operators' queue (data and atomic steps; policy lives in the handoff layer).
// Commits change it too, through TurnCommit::queue.
class QueueStore {
 public:
  virtual ~QueueStore() = default;

  // Puts a conversation in the waiting queue. OK and unchanged when it is already
  // waiting; Conflict when an operator has it. Priority must be in [-100, 100].
  virtual Status Enqueue(const QueueEntry& entry) = 0;
  // Atomically removes the best waiting entry (highest priority, then oldest) of
  // `department` (any department when empty) and assigns it to `operator_id`.
  // NotFound when nothing waits.
  virtual Result<QueueEntry> Take(std::string_view department, std::string_view operator_id) = 0;
  // Assigns a specific waiting conversation to an operator. NotFound when it is not
  // waiting (or Conflict when another operator already has it).
  virtual Result<QueueEntry> Assign(std::string_view session_id, std::string_view operator_id) = 0;
  // Puts an assigned conversation back in the queue at its original place.
  // NotFound when it is not assigned.
  virtual Status Release(std::string_view session_id) = 0;
  // Removes the conversation from the queue or its operator. NotFound when neither.
  virtual Status Close(std::string_view session_id) = 0;
  // The entry of a conversation (waiting or assigned); NotFound when neither.
  virtual Result<QueueEntry> GetQueueEntry(std::string_view session_id) = 0;
  // Up to `limit` waiting entries of `department` (all when empty) in take order.
  virtual Result<std::vector<QueueEntry>> ListWaiting(std::string_view department,
                                                      size_t limit) = 0;
};

// The outbox: replies committed with their turn, waiting for delivery.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Up to `max` undelivered messages for `consumer`: first those handed to some
  // consumer more than outbox_redeliver_ms ago and never acknowledged, then new ones.
  virtual Result<std::vector<OutboxEntry>> ReadOutbox(std::string_view consumer, size_t max) = 0;
  // Marks messages as delivered; they are never handed out again. Unknown ids are ignored.
  virtual Status AckOutbox(const std::vector<std::string>& ids) = 0;
  // Messages committed and not yet acknowledged: waiting, or handed out and not
  // delivered yet (the outbox depth that monitoring watches).
  virtual Result<size_t> OutboxDepth() = 0;
};

// A page of the change feed: the conversations committed (or signalled), oldest first.
struct ChangeBatch {
  std::vector<std::string> session_ids;  // one per commit, so a conversation may repeat
  std::vector<std::string> signals;      // beside each: "" for a commit, else the signal
  std::string cursor;                    // opaque; pass it to the next ReadChanges
};

// An operator's presence as their console last reported it.
struct OperatorPresence {
  std::string state;       // "online" or "away"; "offline" is never stored
  int64_t expires_ms = 0;  // after this the operator counts as offline
  bool operator==(const OperatorPresence&) const = default;
};

// What operators' consoles need beside the queue: which conversations changed (so
// that every server process can push updates, whichever process committed), who
// has which chats, and who is there to take them.
class DeskStore {
 public:
  virtual ~DeskStore() = default;

  // Conversations committed after `cursor`, oldest first, at most `max`. An empty
  // cursor starts at the newest commit: nothing is returned, only the cursor. The
  // feed keeps the newest kChangeFeedLength commits; a cursor older than that
  // continues at the oldest kept.
  virtual Result<ChangeBatch> ReadChanges(std::string_view cursor, size_t max) = 0;
  // Puts a signal about a conversation in the change feed without committing
  // anything (an operator typing: pages show it, nothing keeps it).
  // InvalidArgument for an empty session id or signal.
  virtual Status Signal(std::string_view session_id, std::string_view signal) = 0;
  // Up to `limit` conversations assigned to `operator_id` (to anyone when empty),
  // sorted by conversation id.
  virtual Result<std::vector<QueueEntry>> ListAssigned(std::string_view operator_id,
                                                       size_t limit) = 0;
  // Records the operator's presence until presence.expires_ms; an empty state or
  // "offline" forgets it.
  virtual Status SetPresence(std::string_view operator_id, const OperatorPresence& presence) = 0;
  // The operators whose presence has not expired by the store's clock.
  virtual Result<std::map<std::string, OperatorPresence>> ListPresence() = 0;
};

// How many commits the change feed keeps (Redis keeps roughly this many).
inline constexpr size_t kChangeFeedLength = 10000;

// A whole backend: the engine commits sessions, the queue and the outbox together,
// so one backend holds them all. Callers that need one part take that part's
// interface. A Store is safe for concurrent use by multiple threads.
class Store : public SessionStore,
              public CustomerStore,
              public QueueStore,
              public OutboxStore,
              public DeskStore {
 public:
  ~Store() override = default;

  // Counters for benchmarks and health pages; zero where a store has no such thing.
  virtual StoreStats Stats() const { return {}; }
};

// How long things live. 0 keeps them forever. The same fields mean the same thing
// on every store.
struct StoreTtlOptions {
  // The session state (snapshot + version) is forgotten this long after its last
  // commit: an idle customer starts afresh.
  int64_t session_ttl_ms = 0;
  // The transcript (event log) is forgotten this long after its last commit; keep it
  // longer than session_ttl_ms so that operators and staff can read old conversations.
  int64_t transcript_ttl_ms = 0;
  // An inbound message id is remembered this long after its commit (messengers retry
  // webhooks for minutes to hours).
  int64_t dedupe_ttl_ms = 24 * 3600 * 1000;
  // An outbox message handed to a consumer and not acknowledged within this time is
  // handed out again.
  int64_t outbox_redeliver_ms = 30 * 1000;
  // A conversation's log keeps its newest max_events events; older ones are
  // trimmed (0 keeps all). Operators read the recent part; analytics should
  // export logs before they reach the cap.
  size_t max_events = 20000;
  // At most this many inbound message ids are remembered per conversation (the
  // newest), whatever dedupe_ttl_ms says.
  size_t max_dedupe_ids = 1000;
};

struct MemoryStoreOptions {
  // Compatibility with the first interface: used as ttl.session_ttl_ms (and as
  // ttl.transcript_ttl_ms when that is 0) when ttl.session_ttl_ms is 0.
  int64_t session_ttl_ms = 0;
  StoreTtlOptions ttl;
  // Time source for TTLs, queue order and redelivery; SystemClock() when null.
  const Clock* clock = nullptr;
};

std::unique_ptr<Store> NewMemoryStore(const MemoryStoreOptions& options = {});

struct RedisStoreOptions {
  // redis://[[user]:password@]host[:port][/db]; rediss:// is refused (this build has
  // no TLS: Debian's hiredis 0.14 has none; use a local TLS tunnel such as stunnel).
  std::string url = "redis://127.0.0.1:6379/0";
  StoreTtlOptions ttl;
  // Connections kept open; a thread waits when all are in use.
  int pool_size = 4;
  int connect_timeout_ms = 1000;
  int command_timeout_ms = 2000;
  // After a failed connect, new attempts wait this long, doubling up to the max.
  int reconnect_backoff_ms = 50;
  int reconnect_backoff_max_ms = 2000;
  // First part of every key name: several deployments (or test runs) can share one
  // Redis database under different prefixes.
  std::string key_prefix = "sb";
  // Consumer group that reads the outbox.
  std::string outbox_group = "delivery";
  // Time source for queue timestamps and dedupe expiry; SystemClock() when null.
  const Clock* clock = nullptr;
};

// Connects once to check the URL and credentials. InvalidArgument for a malformed
// URL, a refused password or rediss://; Unavailable when Redis cannot be reached.
Result<std::unique_ptr<Store>> NewRedisStore(const RedisStoreOptions& options);

}  // namespace switchboard
