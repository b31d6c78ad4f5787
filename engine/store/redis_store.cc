// The Redis Store (hiredis): conversation state, transcripts, dedupe marks, customers,
// the operators' queue and the outbox, so that engine processes keep no state.
// A turn costs two round trips: Load (pipelined HMGET + ZSCORE) and Commit (one Lua
// script). Key layout (README.md in this folder has the long form):
//
//   sb:{<sid>}:state    hash    v = version, s = snapshot          TTL session_ttl
//   sb:{<sid>}:log      list    "#<index of the next element>", then event JSON
//                                                                 TTL transcript_ttl
//   sb:{<sid>}:events   stream  the log of conversations begun before it was a list:
//                               ids 0-1, 0-2, ... (index + 1); e = event JSON
//   sb:{<sid>}:seen     zset    inbound message id -> expiry ms (inf: never)
//                                                                 TTL dedupe_ttl
//   sb:{cust}:identities hash   "channel:user_id" -> customer id     no TTL
//   sb:{cust}:customers  hash   customer id -> JSON array of identities;
//                               ">" customer id -> the customer it was redirected to
//   sb:{cust}:seq        string last customer number ("c<n>")
//   sb:{cust:<cid>}:profile hash field -> value                      no TTL
//   sb:{link:<token>}:pending hash a = asking customer, o = owner,  TTL given per link
//                               c = channel asked from, p = phone
//   sb:{queue}:entries   hash   sid -> {"p":prio,"d":dept,"t":"ms","op":"id","seq":"n"}
//   sb:{queue}:waiting   zset   sid, score (100 - prio) * 2^40 + seq (take = lowest)
//   sb:{queue}:assigned  zset   sid -> assigned at ms
//   sb:{queue}:seq       string last queue sequence number
//   sb:{outbox}:stream   stream sid, ch, to, p; consumer group options.outbox_group
//   sb:{calls}:due       zset   sid -> when its business call in flight is due
//   sb:{feed}:changes    stream s = sid (+ g = signal), per commit or signal
//                                                                 MAXLEN ~ kChangeFeedLength
//   sb:{desk}:presence   hash   operator id -> "state expires_ms"
// ("sb" is RedisStoreOptions::key_prefix.)
#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>

#include "switchboard/clock.h"
#include "switchboard/store.h"
#include "util/redact.h"

namespace switchboard {
namespace {

// --- Scripts. Each returns plain arrays; the C++ side gives them meaning. ---

// KEYS: state, events (a stream, kept by conversations that have one), seen, outbox,
// queue entries, queue waiting, queue seq, queue assigned, pending calls, log (the
// list every other conversation's events go to; see kReadLogScript), change feed.
// ARGV: expected version, snapshot, session ttl, transcript ttl, dedupe ttl,
// message id, now ms, event count, events..., outbox count, then (sid, channel,
// recipient, payload) per outbox message, then the queue change: kind ('' none,
// e enqueue, a assign, r requeue, x remove), sid, priority, department, operator;
// then max events, max dedupe ids, the pending call's due ms (0: none), the change
// feed's length, the assignment's maximum of chats per operator (0: none).
// Returns {1, new version} | {0, current version} | {2, current version} (message
// seen) | {3, chats the operator has} (at their maximum).
constexpr const char* kCommitScript = R"lua(
local cur = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if cur ~= tonumber(ARGV[1]) then return {0, cur} end
local mid, now = ARGV[6], tonumber(ARGV[7])
if mid ~= '' then
  local s = redis.call('ZSCORE', KEYS[3], mid)
  if s and (s == 'inf' or tonumber(s) > now) then return {2, cur} end
end
local n0 = tonumber(ARGV[8])
local q0 = 9 + n0 + 1 + 4 * tonumber(ARGV[9 + n0])
local max_assigned = tonumber(ARGV[q0 + 9])
if ARGV[q0] == 'a' and max_assigned > 0 then
  local count = 0
  for _, s in ipairs(redis.call('ZRANGE', KEYS[8], 0, -1)) do
    if s ~= ARGV[q0 + 1] then
      local raw = redis.call('HGET', KEYS[5], s)
      if raw and cjson.decode(raw).op == ARGV[q0 + 4] then count = count + 1 end
    end
  end
  if count >= max_assigned then return {3, count} end
end
local v = cur + 1
redis.call('HSET', KEYS[1], 'v', tostring(v), 's', ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) else redis.call('PERSIST', KEYS[1]) end
local i = 9
local n = tonumber(ARGV[8])
local q = 9 + n + 1 + 4 * tonumber(ARGV[9 + n])
local max_events, max_seen = tonumber(ARGV[q + 5]), tonumber(ARGV[q + 6])
redis.call('XADD', KEYS[11], 'MAXLEN', '~', ARGV[q + 8], '*', 's', ARGV[q + 1])
if tonumber(ARGV[q + 7]) > 0 then
  redis.call('ZADD', KEYS[9], ARGV[q + 7], ARGV[q + 1])
else
  redis.call('ZREM', KEYS[9], ARGV[q + 1])
end
local log = KEYS[10]
if redis.call('EXISTS', KEYS[2]) == 1 then
  log = KEYS[2]
  for _ = 1, n do
    if max_events > 0 then
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', max_events, '0-*', 'e', ARGV[i])
    else
      redis.call('XADD', KEYS[2], '0-*', 'e', ARGV[i])
    end
    i = i + 1
  end
elseif n > 0 then
  if redis.call('LLEN', log) == 0 then redis.call('RPUSH', log, '#0') end
  for _ = 1, n do
    redis.call('RPUSH', log, ARGV[i])
    i = i + 1
  end
  local len = redis.call('LLEN', log) - 1
  if max_events > 0 and len > max_events + 100 then
    local drop = len - max_events
    local base = tonumber(string.sub(redis.call('LINDEX', log, 0), 2))
    redis.call('LTRIM', log, drop + 1, -1)
    redis.call('LPUSH', log, '#' .. string.format('%.0f', base + drop))
  end
end
if tonumber(ARGV[4]) > 0 then redis.call('PEXPIRE', log, ARGV[4]) else redis.call('PERSIST', log) end
if mid ~= '' then
  local ttl = tonumber(ARGV[5])
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[7])
  if ttl > 0 then
    redis.call('ZADD', KEYS[3], string.format('%.0f', now + ttl), mid)
    redis.call('PEXPIRE', KEYS[3], ttl)
  else
    redis.call('ZADD', KEYS[3], '+inf', mid)
    redis.call('PERSIST', KEYS[3])
  end
  if max_seen > 0 then redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(max_seen + 1)) end
end
n = tonumber(ARGV[i])
i = i + 1
for _ = 1, n do
  redis.call('XADD', KEYS[4], '*', 'sid', ARGV[i], 'ch', ARGV[i + 1], 'to', ARGV[i + 2], 'p', ARGV[i + 3])
  i = i + 4
end
local kind, sid, p, dept, op = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], ARGV[i + 4]
if kind == '' then return {1, v} end
local raw = redis.call('HGET', KEYS[5], sid)
local e = raw and cjson.decode(raw)
if kind == 'x' then
  redis.call('HDEL', KEYS[5], sid)
  redis.call('ZREM', KEYS[6], sid)
  redis.call('ZREM', KEYS[8], sid)
  return {1, v}
end
if not e then
  if kind ~= 'e' and kind ~= 'a' and kind ~= 'r' then return {1, v} end
  e = {p = p, d = dept, t = ARGV[7], op = '', seq = tostring(redis.call('INCR', KEYS[7]))}
elseif kind == 'e' then
  return {1, v}
end
if kind == 'a' then e.op = op end
if kind == 'r' then
  e.d = dept
  e.op = op
end
redis.call('HSET', KEYS[5], sid, cjson.encode(e))
if e.op == '' then
  redis.call('ZREM', KEYS[8], sid)
  redis.call('ZADD', KEYS[6], string.format('%.0f', (100 - e.p) * 1099511627776 + tonumber(e.seq)), sid)
else
  redis.call('ZREM', KEYS[6], sid)
  redis.call('ZADD', KEYS[8], ARGV[7], sid)
end
return {1, v}
)lua";

// Redirects (RedirectCustomer) live in the customers hash as ">c2" -> "c1"; they
// never form a cycle, and `follow` stops after 64 hops whatever the data says.
#define SB_FOLLOW_REDIRECTS_LUA \
  "local function follow(c)\n" \
  "  for _ = 1, 64 do\n" \
  "    local to = redis.call('HGET', KEYS[3], '>' .. c)\n" \
  "    if not to then return c end\n" \
  "    c = to\n" \
  "  end\n" \
  "  return c\n" \
  "end\n"

// KEYS: identities, seq, customers. ARGV: identity. Returns the customer id it
// leads to.
constexpr const char* kResolveScript = SB_FOLLOW_REDIRECTS_LUA R"lua(
local c = redis.call('HGET', KEYS[1], ARGV[1])
if c then return follow(c) end
c = 'c' .. redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], c)
redis.call('HSET', KEYS[3], c, cjson.encode({ARGV[1]}))
return c
)lua";

// KEYS: identities, seq, customers (as kResolveScript, for `follow`). ARGV: from,
// to. Returns {0, unknown id} | {1} redirected (or already one).
constexpr const char* kRedirectScript = SB_FOLLOW_REDIRECTS_LUA R"lua(
for _, id in ipairs(ARGV) do
  if redis.call('HEXISTS', KEYS[3], id) == 0 then return {0, id} end
end
local from, to = follow(ARGV[1]), follow(ARGV[2])
if from ~= to then redis.call('HSET', KEYS[3], '>' .. from, to) end
return {1}
)lua";

// KEYS: identities, seq, customers (as kResolveScript). ARGV: customer id.
constexpr const char* kCurrentScript = SB_FOLLOW_REDIRECTS_LUA R"lua(
return follow(ARGV[1])
)lua";

#undef SB_FOLLOW_REDIRECTS_LUA

// KEYS: identities, customers. ARGV: customer id, identity.
// Returns {0} unknown customer | {1, owner} taken | {2} linked.
constexpr const char* kLinkScript = R"lua(
local list = redis.call('HGET', KEYS[2], ARGV[1])
if not list then return {0} end
local owner = redis.call('HGET', KEYS[1], ARGV[2])
if owner then
  if owner == ARGV[1] then return {2} end
  return {1, owner}
end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[1])
local l = cjson.decode(list)
table.insert(l, ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(l))
return {2}
)lua";

// KEYS: entries, waiting, seq. ARGV: sid, priority, department, now ms.
// Returns {1} queued (or already waiting) | {0, operator} with an operator.
constexpr const char* kEnqueueScript = R"lua(
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local e = cjson.decode(raw)
  if e.op ~= '' then return {0, e.op} end
  return {1}
end
local seq = redis.call('INCR', KEYS[3])
local p = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({p = p, d = ARGV[3], t = ARGV[4], op = '', seq = tostring(seq)}))
redis.call('ZADD', KEYS[2], string.format('%.0f', (100 - p) * 1099511627776 + seq), ARGV[1])
return {1}
)lua";

// KEYS: entries, waiting, assigned. ARGV: department ('' any), operator, now ms.
// Returns {sid, entry JSON} or nil when nothing of that department waits.
constexpr const char* kTakeScript = R"lua(
local start = 0
while true do
  local ids = redis.call('ZRANGE', KEYS[2], start, start + 99)
  if #ids == 0 then return false end
  for _, sid in ipairs(ids) do
    local raw = redis.call('HGET', KEYS[1], sid)
    local e = raw and cjson.decode(raw)
    if e and (ARGV[1] == '' or e.d == ARGV[1]) then
      e.op = ARGV[2]
      raw = cjson.encode(e)
      redis.call('HSET', KEYS[1], sid, raw)
      redis.call('ZREM', KEYS[2], sid)
      redis.call('ZADD', KEYS[3], ARGV[3], sid)
      return {sid, raw}
    end
  end
  start = start + 100
end
)lua";

// KEYS: entries, waiting, assigned. ARGV: sid, operator, now ms.
// Returns {0} not queued | {1, entry} with another operator | {2, entry} assigned.
constexpr const char* kAssignScript = R"lua(
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {0} end
local e = cjson.decode(raw)
if e.op ~= '' then return {1, raw} end
e.op = ARGV[2]
raw = cjson.encode(e)
redis.call('HSET', KEYS[1], ARGV[1], raw)
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return {2, raw}
)lua";

// KEYS: entries, waiting, assigned. ARGV: sid. Returns 0 not assigned | 1 released.
constexpr const char* kReleaseScript = R"lua(
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local e = cjson.decode(raw)
if e.op == '' then return 0 end
e.op = ''
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(e))
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[2], string.format('%.0f', (100 - e.p) * 1099511627776 + tonumber(e.seq)), ARGV[1])
return 1
)lua";

// KEYS: entries, waiting, assigned. ARGV: sid. Returns 1 removed | 0 not queued.
constexpr const char* kCloseScript = R"lua(
local n = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return n
)lua";

// KEYS: entries, waiting. ARGV: department ('' any), limit. Returns {sid, entry}...
constexpr const char* kListScript = R"lua(
local out, start, limit = {}, 0, tonumber(ARGV[2])
while #out < limit do
  local ids = redis.call('ZRANGE', KEYS[2], start, start + 99)
  if #ids == 0 then break end
  for _, sid in ipairs(ids) do
    local raw = redis.call('HGET', KEYS[1], sid)
    local e = raw and cjson.decode(raw)
    if e and (ARGV[1] == '' or e.d == ARGV[1]) and #out < limit then
      table.insert(out, {sid, raw})
    end
  end
  start = start + 100
end
return out
)lua";

// KEYS: entries, assigned. ARGV: operator ('' any). Returns {sid, entry}...
constexpr const char* kListAssignedScript = R"lua(
local out = {}
for _, sid in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local raw = redis.call('HGET', KEYS[1], sid)
  if raw and (ARGV[1] == '' or cjson.decode(raw).op == ARGV[1]) then
    table.insert(out, {sid, raw})
  end
end
return out
)lua";

// KEYS: outbox. ARGV: group, consumer, min idle ms, max.
// Returns {id, fields, deliveries}...: stale pending entries first, then new ones.
constexpr const char* kReadOutboxScript = R"lua(
local out, max = {}, tonumber(ARGV[4])
local claimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', max)
for _, e in ipairs(claimed[2]) do
  if e and e[2] then
    local p = redis.call('XPENDING', KEYS[1], ARGV[1], e[1], e[1], 1)
    table.insert(out, {e[1], e[2], p[1][4]})
  end
end
if #out < max then
  local fresh = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', max - #out, 'STREAMS', KEYS[1], '>')
  if fresh then
    for _, e in ipairs(fresh[1][2]) do table.insert(out, {e[1], e[2], 1}) end
  end
end
return out
)lua";

// KEYS: outbox. ARGV: group, ids... Acknowledges and deletes the pending ones.
constexpr const char* kAckOutboxScript = R"lua(
local n = 0
for i = 2, #ARGV do
  if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
    redis.call('XDEL', KEYS[1], ARGV[i])
    n = n + 1
  end
end
return n
)lua";

// A conversation's log, read in one step. A list "#<base>", e1, e2, ...: the
// header's base is the index of e1 (the events trimmed before it), so event k is
// at list position k - base + 1; trimming (in the commit script) drops the oldest
// events and writes the header anew. A conversation begun before the log was a
// list keeps its stream (ids 0-<index + 1>), read here as it was.
// KEYS: log, events (stream). ARGV: from (-1: the last `limit` events), limit.
// Returns {1, index of the first entry, {entries...}} from the list, or
// {0, XRANGE (or, for the last events, XREVRANGE) reply} from the stream.
constexpr const char* kReadLogScript = R"lua(
local head = redis.call('LINDEX', KEYS[1], 0)
local from, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
if not head then
  if from < 0 then return {0, redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', ARGV[2])} end
  return {0, redis.call('XRANGE', KEYS[2], '0-' .. string.format('%.0f', from + 1), '+', 'COUNT', ARGV[2])}
end
local base = tonumber(string.sub(head, 2))
local len = redis.call('LLEN', KEYS[1]) - 1
local first
if from < 0 then first = math.max(len - limit, 0) else first = math.max(from - base, 0) end
if first >= len then return {1, base + len, {}} end
return {1, base + first, redis.call('LRANGE', KEYS[1], first + 1, first + limit)}
)lua";

enum ScriptId {
  kCommit,
  kResolve,
  kRedirect,
  kCurrent,
  kLink,
  kEnqueue,
  kTake,
  kAssign,
  kRelease,
  kClose,
  kList,
  kReadOutbox,
  kAckOutbox,
  kReadLog,
  kListAssigned,
  kScriptCount
};
constexpr const char* kScripts[kScriptCount] = {
    kCommitScript,  kResolveScript, kRedirectScript, kCurrentScript, kLinkScript, kEnqueueScript,
    kTakeScript,     kAssignScript,
    kReleaseScript, kCloseScript,   kListScript, kReadOutboxScript, kAckOutboxScript, kReadLogScript,
    kListAssignedScript};

// Key names; `prefix` is RedisStoreOptions::key_prefix ("sb" unless configured).
struct Keys {
  explicit Keys(const std::string& prefix)
      : prefix(prefix),
        identities(prefix + ":{cust}:identities"),
        customer_seq(prefix + ":{cust}:seq"),
        customers(prefix + ":{cust}:customers"),
        queue_entries(prefix + ":{queue}:entries"),
        queue_waiting(prefix + ":{queue}:waiting"),
        queue_assigned(prefix + ":{queue}:assigned"),
        queue_seq(prefix + ":{queue}:seq"),
        outbox(prefix + ":{outbox}:stream"),
        pending_calls(prefix + ":{calls}:due"),
        changes(prefix + ":{feed}:changes"),
        presence(prefix + ":{desk}:presence") {}
  std::string State(std::string_view sid) const {
    return prefix + ":{" + std::string(sid) + "}:state";
  }
  std::string Events(std::string_view sid) const {
    return prefix + ":{" + std::string(sid) + "}:events";
  }
  std::string Log(std::string_view sid) const {
    return prefix + ":{" + std::string(sid) + "}:log";
  }
  std::string Seen(std::string_view sid) const {
    return prefix + ":{" + std::string(sid) + "}:seen";
  }
  std::string Profile(std::string_view cid) const {
    return prefix + ":{cust:" + std::string(cid) + "}:profile";
  }
  std::string PendingLink(std::string_view token) const {
    return prefix + ":{link:" + std::string(token) + "}:pending";
  }

  const std::string prefix;
  const std::string identities, customer_seq, customers;
  const std::string queue_entries, queue_waiting, queue_assigned, queue_seq;
  const std::string outbox;
  const std::string pending_calls;
  const std::string changes, presence;
};

// --- URL ---

struct RedisUrl {
  std::string host;
  int port = 6379;
  std::string user;
  std::string password;
  int db = 0;
};

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool ParseInt(std::string_view s, int lo, int hi, int* out) {
  if (s.empty() || s.size() > 9) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v < lo || v > hi) return false;
  *out = v;
  return true;
}

Result<RedisUrl> ParseRedisUrl(std::string_view url) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("bad Redis URL '" + RedactCredentials(url) + "': " + std::string(why) +
                                   " (expected redis://[[user]:password@]host[:port][/db])");
  };
  if (url.starts_with("rediss://")) {
    return Status::InvalidArgument(
        "rediss:// (TLS) is not built in: Debian 12's hiredis 0.14 has no TLS; reach Redis "
        "over a local TLS tunnel and use redis://");
  }
  if (!url.starts_with("redis://")) return bad("scheme must be redis://");
  std::string_view rest = url.substr(8);
  RedisUrl out;
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view auth = rest.substr(0, at);
    rest = rest.substr(at + 1);
    size_t colon = auth.find(':');
    if (colon == std::string_view::npos) {
      out.password = PercentDecode(auth);  // redis://password@host, as redis-cli accepts
    } else {
      out.user = PercentDecode(auth.substr(0, colon));
      out.password = PercentDecode(auth.substr(colon + 1));
    }
  }
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!db.empty() && !ParseInt(db, 0, 1 << 20, &out.db)) return bad("database must be a number");
  }
  if (size_t colon = rest.rfind(':');
      colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
    if (!ParseInt(rest.substr(colon + 1), 1, 65535, &out.port)) return bad("port must be 1..65535");
    rest = rest.substr(0, colon);
  }
  if (rest.size() > 2 && rest.front() == '[' && rest.back() == ']')
    rest = rest.substr(1, rest.size() - 2);
  if (rest.empty()) return bad("no host");
  out.host = std::string(rest);
  return out;
}

// --- Replies and connections ---

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;
using Args = std::vector<std::string>;

std::string_view Str(const redisReply* r) {
  if (r == nullptr || r->str == nullptr) return {};
  return std::string_view(r->str, r->len);
}
bool IsError(const redisReply* r) { return r != nullptr && r->type == REDIS_REPLY_ERROR; }

// Error replies that say Redis cannot serve now rather than that the request is
// wrong: out of memory (OOM, also from inside a script), a script running too long
// (BUSY), loading its data, a read-only replica, a failover or cluster change.
bool IsTransientError(const redisReply* r) {
  if (!IsError(r)) return false;
  std::string_view error = Str(r);
  for (std::string_view prefix : {"OOM ", "BUSY ", "LOADING ", "READONLY ", "MASTERDOWN ",
                                  "TRYAGAIN ", "CLUSTERDOWN ", "NOREPLICAS ", "MISCONF "}) {
    if (error.starts_with(prefix)) return true;
  }
  // A write refused inside a script: "ERR ... OOM command not allowed ..." on older servers.
  return error.find("OOM command not allowed") != std::string_view::npos;
}

// The Status of an error reply, `what` saying what was asked: Unavailable for a
// transient error (the caller may try again later), Internal for any other.
Status ReplyError(std::string_view what, const redisReply* r) {
  std::string message = std::string(what) + ": " + std::string(Str(r));
  return IsTransientError(r) ? Status::Unavailable(std::move(message))
                             : Status::Internal(std::move(message));
}
// Integer replies, and strings holding an integer (Lua numbers come back as integers).
int64_t Int(const redisReply* r) {
  if (r == nullptr) return 0;
  if (r->type == REDIS_REPLY_INTEGER) return r->integer;
  return std::strtoll(std::string(Str(r)).c_str(), nullptr, 10);
}
const redisReply* Elem(const redisReply* r, size_t i) {
  if (r == nullptr || r->type != REDIS_REPLY_ARRAY || i >= r->elements) return nullptr;
  return r->element[i];
}

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};

struct Connection {
  std::unique_ptr<redisContext, ContextDeleter> ctx;
  uint64_t generation = 0;  // the pool generation it was opened in
};

timeval Millis(int ms) { return timeval{ms / 1000, (ms % 1000) * 1000}; }

// A pending link out of its HGETALL reply; NotFound for an empty one (no such key).
Result<PendingLink> ParsePendingLink(const redisReply* hash) {
  if (IsError(hash)) return ReplyError("read pending link", hash);
  if (hash == nullptr || hash->type != REDIS_REPLY_ARRAY || hash->elements == 0) {
    return Status::NotFound("no pending link");
  }
  PendingLink link;
  for (size_t i = 0; i + 1 < hash->elements; i += 2) {
    std::string_view field = Str(hash->element[i]);
    std::string value(Str(hash->element[i + 1]));
    if (field == "a") link.asking_customer = std::move(value);
    if (field == "o") link.owner_customer = std::move(value);
    if (field == "c") link.asked_from = std::move(value);
    if (field == "p") link.phone = std::move(value);
  }
  return link;
}

// Parses an entry JSON of the queue scripts. Catches nlohmann's exceptions here.
Result<QueueEntry> ParseQueueEntry(std::string_view sid, std::string_view raw) {
  try {
    nlohmann::json j = nlohmann::json::parse(raw);
    QueueEntry e;
    e.session_id = std::string(sid);
    e.priority = j.at("p").get<int>();
    e.department = j.at("d").is_string() ? j.at("d").get<std::string>() : "";
    e.enqueued_ms = std::strtoll(j.at("t").get<std::string>().c_str(), nullptr, 10);
    e.operator_id = j.at("op").is_string() ? j.at("op").get<std::string>() : "";
    return e;
  } catch (const std::exception& ex) {
    return Status::Internal("bad queue entry for " + std::string(sid) + ": " + ex.what());
  }
}

Result<std::vector<std::string>> ParseStringArray(std::string_view raw) {
  try {
    std::vector<std::string> out;
    nlohmann::json j = nlohmann::json::parse(raw);
    // cjson encodes an empty table as {}, never as [].
    if (j.is_array()) {
      for (const auto& v : j) out.push_back(v.get<std::string>());
    }
    return out;
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("bad identity list: ") + ex.what());
  }
}

// A RedisStore is safe for concurrent use by multiple threads: each call borrows a
// connection from a mutex-guarded pool for its whole exchange.
class RedisStore final : public Store {
 public:
  RedisStore(const RedisStoreOptions& options, RedisUrl url)
      : options_(options),
        url_(std::move(url)),
        keys_(options.key_prefix),
        clock_(options.clock ? options.clock : SystemClock()) {
    if (options_.pool_size < 1) options_.pool_size = 1;
  }

  // Opens the first connection, checks credentials and loads the scripts.
  Status Start() {
    auto conn = Acquire();
    if (!conn.ok()) return conn.status();
    std::vector<Args> cmds;
    for (const char* script : kScripts) cmds.push_back({"SCRIPT", "LOAD", script});
    cmds.push_back({"XGROUP", "CREATE", keys_.outbox, options_.outbox_group, "0", "MKSTREAM"});
    auto replies = Exchange(**conn, cmds);
    if (!replies.ok()) {
      Return(std::move(*conn), false);
      return replies.status();
    }
    for (int i = 0; i < kScriptCount; ++i) {
      const redisReply* r = (*replies)[i].get();
      if (IsError(r)) {
        Return(std::move(*conn), true);
        return ReplyError("loading script " + std::to_string(i), r);
      }
      shas_[i] = std::string(Str(r));
    }
    Return(std::move(*conn), true);
    return Status::Ok();
  }

  Result<LoadedSession> Load(std::string_view session_id,
                             std::string_view inbound_message_id) override {
    std::vector<Args> cmds = {{"HMGET", keys_.State(session_id), "v", "s"}};
    if (!inbound_message_id.empty()) {
      cmds.push_back({"ZSCORE", keys_.Seen(session_id), std::string(inbound_message_id)});
    }
    auto replies = Run(cmds, /*idempotent=*/true);
    if (!replies.ok()) return replies.status();
    const redisReply* state = (*replies)[0].get();
    if (IsError(state))
      return ReplyError("load " + std::string(session_id), state);
    LoadedSession loaded;
    const redisReply* v = Elem(state, 0);
    if (v != nullptr && v->type == REDIS_REPLY_STRING) {
      loaded.version = static_cast<uint64_t>(Int(v));
      loaded.snapshot = std::string(Str(Elem(state, 1)));
    }
    if (replies->size() > 1) {
      const redisReply* score = (*replies)[1].get();
      if (score != nullptr && score->type == REDIS_REPLY_STRING) {
        std::string s(Str(score));
        loaded.duplicate =
            s == "inf" || std::strtod(s.c_str(), nullptr) > static_cast<double>(clock_->NowMs());
      }
    }
    return loaded;
  }

  Result<uint64_t> Commit(const TurnCommit& commit) override {
    const StoreTtlOptions& ttl = options_.ttl;
    Args args = {std::to_string(commit.expected_version), commit.snapshot,
                 std::to_string(ttl.session_ttl_ms),      std::to_string(ttl.transcript_ttl_ms),
                 std::to_string(ttl.dedupe_ttl_ms),       commit.inbound_message_id,
                 std::to_string(clock_->NowMs()),         std::to_string(commit.events.size())};
    for (const Event& e : commit.events) args.push_back(EventToJson(e));
    args.push_back(std::to_string(commit.outbox.size()));
    for (const OutboxMessage& m : commit.outbox) {
      args.insert(args.end(), {m.session_id, m.channel, m.recipient, m.payload});
    }
    if (Status s = ValidateQueueChange(commit.queue); !s.ok()) return s;
    args.insert(args.end(), {QueueKindCode(commit.queue.kind), commit.session_id,
                             std::to_string(commit.queue.priority), commit.queue.department,
                             commit.queue.operator_id, std::to_string(ttl.max_events),
                             std::to_string(ttl.max_dedupe_ids), std::to_string(commit.pending_call_due_ms),
                             std::to_string(kChangeFeedLength), std::to_string(commit.queue.max_assigned)});
    auto r = Eval(kCommit,
                  {keys_.State(commit.session_id), keys_.Events(commit.session_id),
                   keys_.Seen(commit.session_id), keys_.outbox, keys_.queue_entries,
                   keys_.queue_waiting, keys_.queue_seq, keys_.queue_assigned, keys_.pending_calls,
                   keys_.Log(commit.session_id), keys_.changes},
                  std::move(args), /*idempotent=*/false);
    if (!r.ok()) return r.status();
    int64_t code = Int(Elem(r->get(), 0));
    int64_t version = Int(Elem(r->get(), 1));
    if (code == 1) return static_cast<uint64_t>(version);
    if (code == 3) {
      return Status::ResourceExhausted("operator " + commit.queue.operator_id + " has " +
                                       std::to_string(version) + " chats, their maximum");
    }
    if (code == 2) {
      return Status::Conflict("session " + commit.session_id + ": message " +
                              commit.inbound_message_id + " already committed");
    }
    return Status::Conflict("session " + commit.session_id + ": expected version " +
                            std::to_string(commit.expected_version) + ", found " +
                            std::to_string(version));
  }

  Result<std::vector<Event>> ReadEvents(std::string_view session_id, size_t from,
                                        size_t limit) override {
    if (limit == 0) return std::vector<Event>();
    // COUNT must fit Redis's signed 64-bit integers.
    limit = std::min<size_t>(limit, kMaxEventsPerRead);
    // Indexes past what a double holds exactly are past any log.
    from = std::min<size_t>(from, size_t{1} << 52);
    auto r = Eval(kReadLog, {keys_.Log(session_id), keys_.Events(session_id)},
                  {std::to_string(from), std::to_string(limit)}, /*idempotent=*/true);
    if (!r.ok()) return r.status();
    return ParseLog(r->get(), /*last=*/false, nullptr);
  }

  Result<std::vector<Event>> ReadLastEvents(std::string_view session_id, size_t limit,
                                            size_t* first_index) override {
    if (first_index != nullptr) *first_index = 0;
    if (limit == 0) return std::vector<Event>();
    limit = std::min<size_t>(limit, kMaxEventsPerRead);
    auto r = Eval(kReadLog, {keys_.Log(session_id), keys_.Events(session_id)},
                  {"-1", std::to_string(limit)}, /*idempotent=*/true);
    if (!r.ok()) return r.status();
    return ParseLog(r->get(), /*last=*/true, first_index);
  }

  Status Delete(std::string_view session_id) override {
    auto r = Run({{"DEL", keys_.State(session_id), keys_.Events(session_id), keys_.Log(session_id),
                   keys_.Seen(session_id)},
                  {"ZREM", keys_.pending_calls, std::string(session_id)}},
                 true);
    return r.ok() ? CheckReply((*r)[0].get(), "delete") : r.status();
  }

  Result<std::vector<std::string>> DuePendingCalls(int64_t now_ms, size_t limit) override {
    std::vector<std::string> out;
    if (limit == 0) return out;
    auto r = Run({{"ZRANGEBYSCORE", keys_.pending_calls, "-inf", std::to_string(now_ms), "LIMIT", "0",
                   std::to_string(std::min<size_t>(limit, kMaxEventsPerRead))}},
                 true);
    if (!r.ok()) return r.status();
    const redisReply* ids = (*r)[0].get();
    if (IsError(ids)) return ReplyError("due pending calls", ids);
    for (size_t i = 0; i < ids->elements; ++i) out.emplace_back(Str(ids->element[i]));
    return out;
  }

  Result<std::string> ResolveCustomer(std::string_view channel, std::string_view user_id) override {
    if (Status s = ValidateIdentity(channel, user_id); !s.ok()) return s;
    auto r = Eval(kResolve, {keys_.identities, keys_.customer_seq, keys_.customers},
                  {std::string(channel) + ":" + std::string(user_id)}, true);
    if (!r.ok()) return r.status();
    return std::string(Str(r->get()));
  }

  Status RedirectCustomer(std::string_view from, std::string_view to) override {
    auto r = Eval(kRedirect, {keys_.identities, keys_.customer_seq, keys_.customers},
                  {std::string(from), std::string(to)}, true);
    if (!r.ok()) return r.status();
    if (Int(Elem(r->get(), 0)) == 0) return Status::NotFound("no customer " + std::string(Str(Elem(r->get(), 1))));
    return Status::Ok();
  }

  Result<std::string> CurrentCustomer(std::string_view customer_id) override {
    auto r = Eval(kCurrent, {keys_.identities, keys_.customer_seq, keys_.customers}, {std::string(customer_id)}, true);
    if (!r.ok()) return r.status();
    return std::string(Str(r->get()));
  }

  Status LinkIdentity(std::string_view customer_id, std::string_view channel,
                      std::string_view user_id) override {
    if (Status s = ValidateIdentity(channel, user_id); !s.ok()) return s;
    std::string identity = std::string(channel) + ":" + std::string(user_id);
    auto r = Eval(kLink, {keys_.identities, keys_.customers}, {std::string(customer_id), identity},
                  true);
    if (!r.ok()) return r.status();
    switch (Int(Elem(r->get(), 0))) {
      case 2:
        return Status::Ok();
      case 1:
        return Status::Conflict(identity + " belongs to customer " +
                                std::string(Str(Elem(r->get(), 1))));
      default:
        return Status::NotFound("no customer " + std::string(customer_id));
    }
  }

  Result<std::vector<std::string>> ListIdentities(std::string_view customer_id) override {
    auto r = Run({{"HGET", keys_.customers, std::string(customer_id)}}, true);
    if (!r.ok()) return r.status();
    const redisReply* list = (*r)[0].get();
    if (list == nullptr || list->type != REDIS_REPLY_STRING) {
      return Status::NotFound("no customer " + std::string(customer_id));
    }
    auto ids = ParseStringArray(Str(list));
    if (ids.ok()) std::sort(ids->begin(), ids->end());
    return ids;
  }

  Result<std::map<std::string, std::string>> GetProfile(std::string_view customer_id) override {
    auto r = Run({{"HGETALL", keys_.Profile(customer_id)}}, true);
    if (!r.ok()) return r.status();
    const redisReply* h = (*r)[0].get();
    if (IsError(h)) return ReplyError("get profile", h);
    std::map<std::string, std::string> out;
    for (size_t i = 0; i + 1 < h->elements; i += 2) {
      out[std::string(Str(h->element[i]))] = std::string(Str(h->element[i + 1]));
    }
    return out;
  }

  Status SetProfile(std::string_view customer_id,
                    const std::map<std::string, std::string>& fields) override {
    Args set = {"HSET", keys_.Profile(customer_id)};
    Args del = {"HDEL", keys_.Profile(customer_id)};
    for (const auto& [name, value] : fields) {
      if (value.empty()) {
        del.push_back(name);
      } else {
        set.insert(set.end(), {name, value});
      }
    }
    std::vector<Args> cmds = {{"MULTI"}};
    if (set.size() > 2) cmds.push_back(set);
    if (del.size() > 2) cmds.push_back(del);
    if (cmds.size() == 1) return Status::Ok();
    cmds.push_back({"EXEC"});
    auto r = Run(cmds, true);
    if (!r.ok()) return r.status();
    return CheckReply(r->back().get(), "set profile");
  }

  Status PutPendingLink(std::string_view token, const PendingLink& link, int64_t ttl_ms) override {
    if (Status s = ValidatePendingLinkToken(token); !s.ok()) return s;
    if (ttl_ms <= 0) return Status::InvalidArgument("a pending link needs a positive ttl");
    const std::string key = keys_.PendingLink(token);
    auto r = Run({{"MULTI"},
                  {"DEL", key},
                  {"HSET", key, "a", link.asking_customer, "o", link.owner_customer, "c", link.asked_from, "p",
                   link.phone},
                  {"PEXPIRE", key, std::to_string(ttl_ms)},
                  {"EXEC"}},
                 true);
    if (!r.ok()) return r.status();
    return CheckReply(r->back().get(), "put pending link");
  }

  Result<PendingLink> GetPendingLink(std::string_view token) override {
    if (Status s = ValidatePendingLinkToken(token); !s.ok()) return s;
    auto r = Run({{"HGETALL", keys_.PendingLink(token)}}, true);
    if (!r.ok()) return r.status();
    return ParsePendingLink((*r)[0].get());
  }

  Result<PendingLink> TakePendingLink(std::string_view token) override {
    if (Status s = ValidatePendingLinkToken(token); !s.ok()) return s;
    const std::string key = keys_.PendingLink(token);
    // Not idempotent: a retry after a lost answer finds the link gone.
    auto r = Run({{"MULTI"}, {"HGETALL", key}, {"DEL", key}, {"EXEC"}}, false);
    if (!r.ok()) return r.status();
    const redisReply* exec = r->back().get();
    if (IsError(exec)) return ReplyError("take pending link", exec);
    if (exec == nullptr || exec->type != REDIS_REPLY_ARRAY || exec->elements < 1) {
      return Status::Internal("take pending link: unexpected reply");
    }
    return ParsePendingLink(exec->element[0]);
  }

  Status Enqueue(const QueueEntry& entry) override {
    if (Status s = ValidateQueueEntry(entry); !s.ok()) return s;
    auto r = Eval(kEnqueue, {keys_.queue_entries, keys_.queue_waiting, keys_.queue_seq},
                  {entry.session_id, std::to_string(entry.priority), entry.department,
                   std::to_string(clock_->NowMs())},
                  true);
    if (!r.ok()) return r.status();
    if (Int(Elem(r->get(), 0)) == 1) return Status::Ok();
    return Status::Conflict("session " + entry.session_id + " is with operator " +
                            std::string(Str(Elem(r->get(), 1))));
  }

  Result<QueueEntry> Take(std::string_view department, std::string_view operator_id) override {
    if (operator_id.empty()) return Status::InvalidArgument("take without an operator id");
    auto r =
        Eval(kTake, {keys_.queue_entries, keys_.queue_waiting, keys_.queue_assigned},
             {std::string(department), std::string(operator_id), std::to_string(clock_->NowMs())},
             false);
    if (!r.ok()) return r.status();
    if ((*r)->type != REDIS_REPLY_ARRAY) {
      return Status::NotFound("no conversation waits in '" + std::string(department) + "'");
    }
    return ParseQueueEntry(Str(Elem(r->get(), 0)), Str(Elem(r->get(), 1)));
  }

  Result<QueueEntry> Assign(std::string_view session_id, std::string_view operator_id) override {
    if (operator_id.empty()) return Status::InvalidArgument("assign without an operator id");
    auto r =
        Eval(kAssign, {keys_.queue_entries, keys_.queue_waiting, keys_.queue_assigned},
             {std::string(session_id), std::string(operator_id), std::to_string(clock_->NowMs())},
             false);
    if (!r.ok()) return r.status();
    int64_t code = Int(Elem(r->get(), 0));
    if (code == 0)
      return Status::NotFound("session " + std::string(session_id) + " is not waiting");
    auto entry = ParseQueueEntry(session_id, Str(Elem(r->get(), 1)));
    if (code == 1 && entry.ok()) {
      return Status::Conflict("session " + std::string(session_id) + " is with operator " +
                              entry->operator_id);
    }
    return entry;
  }

  Status Release(std::string_view session_id) override {
    auto r = Eval(kRelease, {keys_.queue_entries, keys_.queue_waiting, keys_.queue_assigned},
                  {std::string(session_id)}, true);
    if (!r.ok()) return r.status();
    if (Int(r->get()) == 1) return Status::Ok();
    return Status::NotFound("session " + std::string(session_id) + " is not assigned");
  }

  Status Close(std::string_view session_id) override {
    auto r = Eval(kClose, {keys_.queue_entries, keys_.queue_waiting, keys_.queue_assigned},
                  {std::string(session_id)}, true);
    if (!r.ok()) return r.status();
    if (Int(r->get()) == 1) return Status::Ok();
    return Status::NotFound("session " + std::string(session_id) + " is not queued");
  }

  Result<QueueEntry> GetQueueEntry(std::string_view session_id) override {
    auto r = Run({{"HGET", keys_.queue_entries, std::string(session_id)}}, true);
    if (!r.ok()) return r.status();
    const redisReply* raw = (*r)[0].get();
    if (raw == nullptr || raw->type != REDIS_REPLY_STRING) {
      return Status::NotFound("session " + std::string(session_id) + " is not queued");
    }
    return ParseQueueEntry(session_id, Str(raw));
  }

  Result<std::vector<QueueEntry>> ListWaiting(std::string_view department, size_t limit) override {
    std::vector<QueueEntry> out;
    if (limit == 0) return out;
    auto r = Eval(kList, {keys_.queue_entries, keys_.queue_waiting},
                  {std::string(department), std::to_string(limit)}, true);
    if (!r.ok()) return r.status();
    for (size_t i = 0; i < (*r)->elements; ++i) {
      auto entry = ParseQueueEntry(Str(Elem((*r)->element[i], 0)), Str(Elem((*r)->element[i], 1)));
      if (!entry.ok()) return entry.status();
      out.push_back(std::move(*entry));
    }
    return out;
  }

  Result<ChangeBatch> ReadChanges(std::string_view cursor, size_t max) override {
    ChangeBatch batch;
    if (cursor.empty()) {
      auto r = Run({{"XREVRANGE", keys_.changes, "+", "-", "COUNT", "1"}}, true);
      if (!r.ok()) return r.status();
      const redisReply* last = (*r)[0].get();
      if (IsError(last)) return ReplyError("read changes", last);
      batch.cursor = last->elements > 0 ? std::string(Str(Elem(last->element[0], 0))) : "0-0";
      return batch;
    }
    batch.cursor = std::string(cursor);
    if (max == 0) return batch;
    auto r = Run({{"XRANGE", keys_.changes, "(" + batch.cursor, "+", "COUNT", std::to_string(max)}}, true);
    if (!r.ok()) return r.status();
    const redisReply* entries = (*r)[0].get();
    if (IsError(entries)) return ReplyError("read changes", entries);
    for (size_t i = 0; i < entries->elements; ++i) {
      const redisReply* entry = entries->element[i];
      batch.cursor = std::string(Str(Elem(entry, 0)));
      const redisReply* fields = Elem(entry, 1);
      batch.session_ids.push_back(std::string(Str(Elem(fields, 1))));
      // A signal has a second field, g = the signal.
      batch.signals.push_back(fields != nullptr && fields->elements >= 4 ? std::string(Str(Elem(fields, 3))) : "");
    }
    return batch;
  }

  Status Signal(std::string_view session_id, std::string_view signal) override {
    if (session_id.empty() || signal.empty()) return Status::InvalidArgument("a signal names a conversation and what");
    auto r = Run({{"XADD", keys_.changes, "MAXLEN", "~", std::to_string(kChangeFeedLength), "*", "s",
                   std::string(session_id), "g", std::string(signal)}},
                 false);
    if (!r.ok()) return r.status();
    return CheckReply((*r)[0].get(), "signal");
  }

  Result<std::vector<QueueEntry>> ListAssigned(std::string_view operator_id, size_t limit) override {
    std::vector<QueueEntry> out;
    auto r = Eval(kListAssigned, {keys_.queue_entries, keys_.queue_assigned}, {std::string(operator_id)}, true);
    if (!r.ok()) return r.status();
    for (size_t i = 0; i < (*r)->elements; ++i) {
      auto entry = ParseQueueEntry(Str(Elem((*r)->element[i], 0)), Str(Elem((*r)->element[i], 1)));
      if (!entry.ok()) return entry.status();
      out.push_back(std::move(*entry));
    }
    std::sort(out.begin(), out.end(),
              [](const QueueEntry& a, const QueueEntry& b) { return a.session_id < b.session_id; });
    if (out.size() > limit) out.resize(limit);
    return out;
  }

  // Presence is one hash field per operator: "state expires_ms".
  Status SetPresence(std::string_view operator_id, const OperatorPresence& presence) override {
    if (operator_id.empty()) return Status::InvalidArgument("presence without an operator id");
    std::vector<std::string> cmd;
    if (presence.state.empty() || presence.state == "offline") {
      cmd = {"HDEL", keys_.presence, std::string(operator_id)};
    } else {
      cmd = {"HSET", keys_.presence, std::string(operator_id),
             presence.state + " " + std::to_string(presence.expires_ms)};
    }
    auto r = Run({cmd}, false);
    if (!r.ok()) return r.status();
    return CheckReply((*r)[0].get(), "set presence");
  }

  Result<std::map<std::string, OperatorPresence>> ListPresence() override {
    auto r = Run({{"HGETALL", keys_.presence}}, true);
    if (!r.ok()) return r.status();
    const redisReply* all = (*r)[0].get();
    if (IsError(all)) return ReplyError("list presence", all);
    std::map<std::string, OperatorPresence> out;
    const int64_t now = clock_->NowMs();
    for (size_t i = 0; i + 1 < all->elements; i += 2) {
      std::string value(Str(all->element[i + 1]));
      size_t space = value.find(' ');
      if (space == std::string::npos) continue;
      OperatorPresence p{value.substr(0, space), std::strtoll(value.c_str() + space + 1, nullptr, 10)};
      if (p.expires_ms > now) out[std::string(Str(all->element[i]))] = std::move(p);
    }
    return out;
  }

  Result<std::vector<OutboxEntry>> ReadOutbox(std::string_view consumer, size_t max) override {
    std::vector<OutboxEntry> out;
    if (max == 0) return out;
    Args args = {options_.outbox_group, std::string(consumer),
                 std::to_string(options_.ttl.outbox_redeliver_ms), std::to_string(max)};
    auto r = Eval(kReadOutbox, {keys_.outbox}, args, false);
    if (!r.ok() && r.status().message().find("NOGROUP") != std::string::npos) {
      // The stream or its group vanished (FLUSHALL, a restart without persistence).
      auto created =
          Run({{"XGROUP", "CREATE", keys_.outbox, options_.outbox_group, "0", "MKSTREAM"}}, true);
      if (!created.ok()) return created.status();
      r = Eval(kReadOutbox, {keys_.outbox}, args, false);
    }
    if (!r.ok()) return r.status();
    for (size_t i = 0; i < (*r)->elements; ++i) {
      const redisReply* e = (*r)->element[i];
      OutboxEntry entry;
      entry.id = std::string(Str(Elem(e, 0)));
      entry.deliveries = static_cast<uint64_t>(Int(Elem(e, 2)));
      const redisReply* fields = Elem(e, 1);
      for (size_t f = 0; f + 1 < (fields ? fields->elements : 0); f += 2) {
        std::string_view name = Str(fields->element[f]);
        std::string value(Str(fields->element[f + 1]));
        if (name == "sid")
          entry.message.session_id = std::move(value);
        else if (name == "ch")
          entry.message.channel = std::move(value);
        else if (name == "to")
          entry.message.recipient = std::move(value);
        else if (name == "p")
          entry.message.payload = std::move(value);
      }
      out.push_back(std::move(entry));
    }
    return out;
  }

  // Acknowledged entries are deleted from the stream, so its length is the depth.
  Result<size_t> OutboxDepth() override {
    auto replies = Run({{"XLEN", keys_.outbox}}, true);
    if (!replies.ok()) return replies.status();
    const redisReply* r = (*replies)[0].get();
    if (r == nullptr || r->type != REDIS_REPLY_INTEGER || r->integer < 0) {
      return Status::Internal(Where() + ": XLEN answered " + std::string(Str(r)));
    }
    return static_cast<size_t>(r->integer);
  }

  Status AckOutbox(const std::vector<std::string>& ids) override {
    if (ids.empty()) return Status::Ok();
    Args args = {options_.outbox_group};
    for (const std::string& id : ids) {
      // XACK rejects malformed ids for the whole call; unknown ones are ignored instead.
      if (id.empty() || id.find_first_not_of("0123456789-") != std::string::npos) continue;
      args.push_back(id);
    }
    if (args.size() == 1) return Status::Ok();
    auto r = Eval(kAckOutbox, {keys_.outbox}, std::move(args), true);
    return r.ok() ? Status::Ok() : r.status();
  }

  StoreStats Stats() const override {
    return StoreStats{round_trips_.load(), reconnects_.load(), script_reloads_.load()};
  }

 private:
  static constexpr size_t kMaxEventsPerRead = 100000;

  static const char* QueueKindCode(QueueChange::Kind kind) {
    switch (kind) {
      case QueueChange::Kind::kNone: return "";
      case QueueChange::Kind::kEnqueue: return "e";
      case QueueChange::Kind::kAssign: return "a";
      case QueueChange::Kind::kRequeue: return "r";
      case QueueChange::Kind::kRemove: return "x";
    }
    return "";
  }

  // Events of kReadLogScript's reply in log order: from the list, or from the stream
  // of an older conversation (an XREVRANGE reply when `last`).
  static Result<std::vector<Event>> ParseLog(const redisReply* r, bool last, size_t* first_index) {
    if (IsError(r)) return ReplyError("read events", r);
    if (Int(Elem(r, 0)) == 0) return ParseEvents(Elem(r, 1), /*reversed=*/last, first_index);
    if (first_index != nullptr) *first_index = static_cast<size_t>(std::max<int64_t>(Int(Elem(r, 1)), 0));
    std::vector<Event> out;
    const redisReply* entries = Elem(r, 2);
    for (size_t i = 0; entries != nullptr && entries->type == REDIS_REPLY_ARRAY && i < entries->elements; ++i) {
      out.push_back(EventFromJsonOrPlaceholder(Str(entries->element[i])));
    }
    return out;
  }

  // Events of an XRANGE (or, reversed, XREVRANGE) reply in log order. An entry that
  // does not decode becomes a placeholder event saying so, so that one bad entry
  // leaves the rest of the transcript readable.
  static Result<std::vector<Event>> ParseEvents(const redisReply* r, bool reversed,
                                                size_t* first_index) {
    if (IsError(r)) return ReplyError("read events", r);
    std::vector<Event> out;
    for (size_t i = 0; r != nullptr && r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i) {
      const redisReply* fields = Elem(r->element[i], 1);
      std::string_view json;
      for (size_t f = 0; f + 1 < (fields ? fields->elements : 0); f += 2) {
        if (Str(fields->element[f]) == "e") json = Str(fields->element[f + 1]);
      }
      out.push_back(EventFromJsonOrPlaceholder(json));
    }
    if (reversed) std::reverse(out.begin(), out.end());
    if (first_index != nullptr && r != nullptr && r->type == REDIS_REPLY_ARRAY && r->elements > 0) {
      std::string_view id = Str(Elem(r->element[reversed ? r->elements - 1 : 0], 0));
      size_t dash = id.find('-');
      if (dash != std::string_view::npos) {
        uint64_t seq = std::strtoull(std::string(id.substr(dash + 1)).c_str(), nullptr, 10);
        *first_index = seq > 0 ? seq - 1 : 0;
      }
    }
    return out;
  }

  static Status CheckReply(const redisReply* r, std::string_view what) {
    if (IsError(r)) return ReplyError(what, r);
    return Status::Ok();
  }

  std::string Where() const { return "Redis at " + url_.host + ":" + std::to_string(url_.port); }

  // Borrows a connection, opening one when none is idle and the pool has room.
  Result<std::unique_ptr<Connection>> Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < options_.pool_size; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.front());
      idle_.pop_front();
      return conn;
    }
    const int64_t now = clock_->MonotonicMs();
    if (now < next_attempt_ms_) {
      return Status::Unavailable(Where() + " is unreachable (" + last_error_ +
                                 "); next attempt in " + std::to_string(next_attempt_ms_ - now) +
                                 " ms");
    }
    ++open_;
    uint64_t generation = generation_;
    lock.unlock();
    auto conn = Connect(generation);
    lock.lock();
    if (!conn.ok()) {
      --open_;
      cv_.notify_one();
      if (conn.status().code() == StatusCode::kUnavailable) {
        last_error_ = conn.status().message();
        backoff_ms_ = backoff_ms_ == 0
                          ? options_.reconnect_backoff_ms
                          : std::min<int64_t>(backoff_ms_ * 2, options_.reconnect_backoff_max_ms);
        next_attempt_ms_ = clock_->MonotonicMs() + backoff_ms_;
      }
      return conn.status();
    }
    backoff_ms_ = 0;
    next_attempt_ms_ = 0;
    if (ever_connected_) ++reconnects_;
    ever_connected_ = true;
    return conn;
  }

  // Gives a connection back; a broken one is closed, and so are all the idle ones
  // opened before it broke (a broken connection usually means Redis restarted).
  void Return(std::unique_ptr<Connection> conn, bool healthy) {
    std::lock_guard lock(mu_);
    if (!healthy || conn->generation != generation_) {
      if (!healthy && conn->generation == generation_) {
        ++generation_;
        open_ -= static_cast<int>(idle_.size());
        idle_.clear();
      }
      --open_;
      cv_.notify_all();
      return;
    }
    idle_.push_back(std::move(conn));
    cv_.notify_one();
  }

  // REQUIRES: mu_ not held. Opens, authenticates and selects the database.
  Result<std::unique_ptr<Connection>> Connect(uint64_t generation) {
    auto conn = std::make_unique<Connection>();
    conn->generation = generation;
    conn->ctx.reset(
        redisConnectWithTimeout(url_.host.c_str(), url_.port, Millis(options_.connect_timeout_ms)));
    if (!conn->ctx) return Status::Unavailable("cannot connect to " + Where() + ": out of memory");
    if (conn->ctx->err)
      return Status::Unavailable("cannot connect to " + Where() + ": " + conn->ctx->errstr);
    redisSetTimeout(conn->ctx.get(), Millis(options_.command_timeout_ms));
    redisEnableKeepAlive(conn->ctx.get());
    std::vector<Args> setup;
    if (!url_.password.empty()) {
      setup.push_back(url_.user.empty() ? Args{"AUTH", url_.password}
                                        : Args{"AUTH", url_.user, url_.password});
    }
    if (url_.db != 0) setup.push_back({"SELECT", std::to_string(url_.db)});
    if (setup.empty()) return conn;
    auto replies = Exchange(*conn, setup);
    if (!replies.ok()) return replies.status();
    for (size_t i = 0; i < replies->size(); ++i) {
      const redisReply* r = (*replies)[i].get();
      if (!IsError(r)) continue;
      std::string what(Str(r));
      if (what.starts_with("LOADING"))
        return Status::Unavailable(Where() + " is loading its data: " + what);
      if (setup[i][0] == "AUTH") {
        return Status::InvalidArgument("Redis authentication failed for " + Where() + ": " + what);
      }
      return Status::InvalidArgument("Redis SELECT " + std::to_string(url_.db) +
                                     " failed: " + what);
    }
    return conn;
  }

  // One round trip: sends every command, then reads every reply. Unavailable (and
  // the connection must not be reused) when the exchange breaks half-way.
  Result<std::vector<Reply>> Exchange(Connection& conn, const std::vector<Args>& cmds) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const Args& cmd : cmds) {
      argv.clear();
      lens.clear();
      for (const std::string& a : cmd) {
        argv.push_back(a.data());
        lens.push_back(a.size());
      }
      if (redisAppendCommandArgv(conn.ctx.get(), static_cast<int>(argv.size()), argv.data(),
                                 lens.data()) != REDIS_OK) {
        return Status::Unavailable(Where() + ": " + conn.ctx->errstr);
      }
    }
    ++round_trips_;
    std::vector<Reply> replies;
    for (size_t i = 0; i < cmds.size(); ++i) {
      void* raw = nullptr;
      if (redisGetReply(conn.ctx.get(), &raw) != REDIS_OK || raw == nullptr) {
        return Status::Unavailable(Where() + ": " +
                                   (conn.ctx->err ? conn.ctx->errstr : "no reply"));
      }
      replies.emplace_back(static_cast<redisReply*>(raw));
    }
    return replies;
  }

  // Runs commands in one round trip on a borrowed connection. An idempotent batch
  // that fails on a connection idle since before a failure is retried once on a
  // fresh one; a write is never retried (it may have been applied: the caller's
  // next Load tells, through the version and the dedupe mark).
  Result<std::vector<Reply>> Run(const std::vector<Args>& cmds, bool idempotent) {
    for (int attempt = 0;; ++attempt) {
      auto conn = Acquire();
      if (!conn.ok()) return conn.status();
      auto replies = Exchange(**conn, cmds);
      bool healthy = replies.ok();
      if (healthy) {
        for (const Reply& r : *replies) {
          if (IsTransientError(r.get())) {
            return Finish(std::move(*conn), true,
                          Status::Unavailable(Where() + ": " + std::string(Str(r.get()))));
          }
        }
      }
      Return(std::move(*conn), healthy);
      if (healthy || !idempotent || attempt > 0) return replies;
    }
  }

  Status Finish(std::unique_ptr<Connection> conn, bool healthy, Status status) {
    Return(std::move(conn), healthy);
    return status;
  }

  // EVALSHA, reloading the script in the same round trip after NOSCRIPT.
  // Script errors come back through ReplyError: Unavailable when transient.
  Result<Reply> Eval(ScriptId id, const Args& keys, const Args& args, bool idempotent) {
    auto build = [&](Args cmd) {
      cmd.push_back(std::to_string(keys.size()));
      cmd.insert(cmd.end(), keys.begin(), keys.end());
      cmd.insert(cmd.end(), args.begin(), args.end());
      return cmd;
    };
    auto replies = Run({build({"EVALSHA", shas_[id]})}, idempotent);
    if (!replies.ok()) return replies.status();
    Reply reply = std::move((*replies)[0]);
    if (IsError(reply.get()) && Str(reply.get()).starts_with("NOSCRIPT")) {
      ++script_reloads_;
      // Nothing ran, so this retry is safe even for a write.
      replies = Run({{"SCRIPT", "LOAD", kScripts[id]}, build({"EVALSHA", shas_[id]})}, idempotent);
      if (!replies.ok()) return replies.status();
      reply = std::move((*replies)[1]);
    }
    if (IsError(reply.get()))
      return ReplyError(Where() + " script error", reply.get());
    return reply;
  }

  RedisStoreOptions options_;
  const RedisUrl url_;
  const Keys keys_;
  const Clock* const clock_;
  std::string shas_[kScriptCount];  // set by Start, then read-only

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
  int open_ = 0;                                  // connections idle or borrowed; GUARDED_BY(mu_)
  uint64_t generation_ = 0;      // bumped when a connection breaks; GUARDED_BY(mu_)
  int64_t backoff_ms_ = 0;       // GUARDED_BY(mu_)
  int64_t next_attempt_ms_ = 0;  // monotonic; GUARDED_BY(mu_)
  std::string last_error_;       // GUARDED_BY(mu_)
  bool ever_connected_ = false;  // GUARDED_BY(mu_)

  std::atomic<uint64_t> round_trips_{0};
  std::atomic<uint64_t> reconnects_{0};
  std::atomic<uint64_t> script_reloads_{0};
};

}  // namespace

Result<std::unique_ptr<Store>> NewRedisStore(const RedisStoreOptions& options) {
  auto url = ParseRedisUrl(options.url);
  if (!url.ok()) return url.status();
  auto store = std::make_unique<RedisStore>(options, std::move(*url));
  if (Status s = store->Start(); !s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace switchboard
