// Measures the Redis store (a program, not a test): turns per second with 1 and N
// threads, each turn a Load + Commit of a ~1 KiB snapshot, 3 events and 1 outbox
// reply; round trips per turn from the store's counter; and MEMORY USAGE of one
// idle session and of a 50-message transcript. The memory store runs the same loop
// for comparison. tools/redis_bench.sh runs it beside redis-benchmark.
//   redis_store_bench [--url redis://127.0.0.1:6379/0] [--threads 4] [--seconds 3]
#include <hiredis/hiredis.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "switchboard/store.h"

using namespace switchboard;

namespace {

struct Flags {
  std::string url = "redis://127.0.0.1:6379/0";
  int threads = 4;
  double seconds = 3;
  std::string prefix = "sbbench";
};

std::string Snapshot(int seed) {
  std::string s = "{\"flow\":\"booking\",\"step\":\"ask_time\",\"program\":7,\"slots\":{";
  s += "\"service\":\"haircut\",\"master\":\"Olga\",\"date\":\"2026-11-24\",\"name\":\"Anna\",";
  s += "\"phone\":\"+7 900 000-00-" + std::to_string(seed % 100) + "\"},\"history\":[";
  while (s.size() < 1000) s += "\"step_" + std::to_string(s.size()) + "\",";
  s += "\"end\"]}";
  return s;
}

std::vector<Event> ThreeEvents(int i) {
  Event user;
  user.type = EventType::kUserSaid;
  user.at_ms = 1'700'000'000'000 + i;
  user.text = "I would like a haircut tomorrow at 15:00 please";
  user.attrs = {{"channel", "telegram"}, {"message_id", std::to_string(i)}};
  Event slot;
  slot.type = EventType::kSlotSet;
  slot.at_ms = user.at_ms;
  slot.name = "time";
  slot.value = "15:00";
  Event bot;
  bot.type = EventType::kBotSaid;
  bot.at_ms = user.at_ms + 1;
  bot.text = "Olga is free tomorrow at 15:00. Shall I book it?";
  bot.buttons = {{"Yes, book it", "~3.0", ButtonAction::kChoose, "yes"},
                 {"Another time", "~3.1", ButtonAction::kChoose, "change"}};
  return {user, slot, bot};
}

struct RunResult {
  double turns_per_s = 0;
  double round_trips_per_turn = 0;
  uint64_t conflicts = 0;
  uint64_t errors = 0;
};

// Each thread serves its own 100 conversations, round robin: one Load + Commit per turn.
RunResult RunTurns(Store& store, int threads, double seconds, const std::string& tag) {
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> turns{0}, conflicts{0}, errors{0};
  uint64_t rt_before = store.Stats().round_trips;
  std::vector<std::thread> workers;
  auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::string snapshot = Snapshot(t);
      for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        std::string sid = tag + "-t" + std::to_string(t) + "-s" + std::to_string(i % 100);
        std::string mid = "m" + std::to_string(i);
        auto loaded = store.Load(sid, mid);
        if (!loaded.ok()) {
          ++errors;
          continue;
        }
        TurnCommit c;
        c.session_id = sid;
        c.expected_version = loaded->version;
        c.snapshot = snapshot;
        c.events = ThreeEvents(i);
        c.outbox = {{sid, "telegram", "1001", "{\"text\":\"Olga is free tomorrow at 15:00.\"}"}};
        c.inbound_message_id = mid;
        auto r = store.Commit(c);
        if (r.ok()) {
          ++turns;
        } else if (r.status().code() == StatusCode::kConflict) {
          ++conflicts;
        } else {
          ++errors;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RunResult result;
  result.turns_per_s = turns / elapsed;
  result.round_trips_per_turn = turns ? double(store.Stats().round_trips - rt_before) / turns : 0;
  result.conflicts = conflicts;
  result.errors = errors;
  return result;
}

// A bare hiredis connection for MEMORY USAGE and cleanup (no password support).
struct Raw {
  redisContext* ctx = nullptr;
  explicit Raw(const std::string& url) {
    std::string rest = url.substr(url.find("://") + 3);
    if (size_t at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    std::string db = "0";
    if (size_t slash = rest.find('/'); slash != std::string::npos) {
      db = rest.substr(slash + 1);
      rest = rest.substr(0, slash);
    }
    size_t colon = rest.rfind(':');
    ctx = redisConnect(rest.substr(0, colon).c_str(),
                       colon == std::string::npos ? 6379 : std::stoi(rest.substr(colon + 1)));
    if (ctx && !ctx->err && !db.empty() && db != "0")
      freeReplyObject(redisCommand(ctx, "SELECT %s", db.c_str()));
  }
  ~Raw() {
    if (ctx) redisFree(ctx);
  }
  long long MemoryUsage(const std::string& key) {
    auto* r = static_cast<redisReply*>(
        redisCommand(ctx, "MEMORY USAGE %b SAMPLES 0", key.data(), key.size()));
    long long v = (r && r->type == REDIS_REPLY_INTEGER) ? r->integer : -1;
    if (r) freeReplyObject(r);
    return v;
  }
  void DeletePrefix(const std::string& prefix) {
    std::string cursor = "0";
    do {
      auto* r = static_cast<redisReply*>(redisCommand(
          ctx, "SCAN %s MATCH %b* COUNT 1000", cursor.c_str(), prefix.data(), prefix.size()));
      if (!r || r->type != REDIS_REPLY_ARRAY) {
        if (r) freeReplyObject(r);
        return;
      }
      cursor.assign(r->element[0]->str, r->element[0]->len);
      for (size_t i = 0; i < r->element[1]->elements; ++i) {
        freeReplyObject(redisCommand(ctx, "UNLINK %b", r->element[1]->element[i]->str,
                                     r->element[1]->element[i]->len));
      }
      freeReplyObject(r);
    } while (cursor != "0");
  }
};

void PrintRun(const char* store, int threads, const RunResult& r) {
  std::printf("%-6s threads=%-2d turns/s=%9.0f round_trips/turn=%.2f conflicts=%llu errors=%llu\n",
              store, threads, r.turns_per_s, r.round_trips_per_turn,
              static_cast<unsigned long long>(r.conflicts),
              static_cast<unsigned long long>(r.errors));
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (const char* env = std::getenv("SWITCHBOARD_TEST_REDIS_URL")) flags.url = env;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    if (name == "--url")
      flags.url = argv[i + 1];
    else if (name == "--threads")
      flags.threads = std::atoi(argv[i + 1]);
    else if (name == "--seconds")
      flags.seconds = std::atof(argv[i + 1]);
    else if (name == "--prefix")
      flags.prefix = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: %s [--url URL] [--threads N] [--seconds S] [--prefix P]\n",
                   argv[0]);
      return 2;
    }
  }
  std::printf("command: %s --url %s --threads %d --seconds %g --prefix %s\n", argv[0],
              flags.url.c_str(), flags.threads, flags.seconds, flags.prefix.c_str());
  std::printf("turn: Load + Commit, snapshot %zu B, 3 events, 1 outbox reply, message id dedupe\n",
              Snapshot(0).size());

  RedisStoreOptions options;
  options.url = flags.url;
  options.key_prefix = flags.prefix;
  options.pool_size = flags.threads;
  options.ttl.session_ttl_ms = 24 * 3600 * 1000;
  options.ttl.transcript_ttl_ms = 30LL * 24 * 3600 * 1000;
  auto redis = NewRedisStore(options);
  if (!redis.ok()) {
    std::fprintf(stderr, "cannot open the Redis store: %s\n", redis.status().ToString().c_str());
    return 1;
  }
  Raw raw(flags.url);
  raw.DeletePrefix(flags.prefix + ":");

  std::vector<int> thread_counts = {1};
  if (flags.threads > 1) thread_counts.push_back(flags.threads);
  for (int threads : thread_counts) {
    PrintRun("redis", threads,
             RunTurns(**redis, threads, flags.seconds, "run" + std::to_string(threads)));
  }
  auto memory = NewMemoryStore();
  for (int threads : thread_counts)
    PrintRun("memory", threads,
             RunTurns(*memory, threads, flags.seconds, "mem" + std::to_string(threads)));

  // One idle session: the state after one turn (snapshot + 3 events + dedupe mark).
  raw.DeletePrefix(flags.prefix + ":");
  TurnCommit c;
  c.session_id = "idle";
  c.snapshot = Snapshot(1);
  c.events = ThreeEvents(1);
  c.inbound_message_id = "tg-1";
  if (!(*redis)->Commit(c).ok()) return 1;
  auto key = [&](const std::string& sid, const char* part) {
    return flags.prefix + ":{" + sid + "}:" + part;
  };
  long long state = raw.MemoryUsage(key("idle", "state"));
  long long events = raw.MemoryUsage(key("idle", "events"));
  long long seen = raw.MemoryUsage(key("idle", "seen"));
  std::printf(
      "memory usage, one idle session: state %lld B + events (3) %lld B + seen (1 id) %lld B = "
      "%lld B\n",
      state, events, seen, state + events + seen);

  // A 50-message transcript: 25 customer messages and 25 bot replies, 25 turns.
  uint64_t version = 0;
  for (int i = 0; i < 25; ++i) {
    std::vector<Event> three = ThreeEvents(i);
    TurnCommit t;
    t.session_id = "transcript";
    t.expected_version = version;
    t.snapshot = Snapshot(i);
    t.events = {three[0], three[2]};
    t.inbound_message_id = "tg-" + std::to_string(i);
    auto v = (*redis)->Commit(t);
    if (!v.ok()) return 1;
    version = *v;
  }
  std::printf(
      "memory usage, 50-message transcript: events %lld B (%.0f B per message), seen (25 ids) %lld "
      "B\n",
      raw.MemoryUsage(key("transcript", "events")),
      raw.MemoryUsage(key("transcript", "events")) / 50.0,
      raw.MemoryUsage(key("transcript", "seen")));
  std::printf("sample event JSON (%zu B): %s\n", EventToJson(ThreeEvents(0)[2]).size(),
              EventToJson(ThreeEvents(0)[2]).c_str());
  raw.DeletePrefix(flags.prefix + ":");
  return 0;
}
