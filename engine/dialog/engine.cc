// Engine: load -> run turn -> commit, with the published FlowProgram swapped
// atomically on reload. A turn that loses the optimistic-concurrency race is re-run
// on the fresh snapshot, so two messages of one customer handled at the same instant
// by two processes are both processed, once, in commit order. Business calls are
// never inside that retry: a turn that reaches an http step commits the call as
// pending, the call is made once afterwards, and its outcome is committed as a
// continuation turn (see turn_runner.h).
#include "switchboard/engine.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "actions/http_action.h"
#include "dialog/inbound_text.h"
#include "dialog/removed_steps.h"
#include "dialog/session_state.h"
#include "dialog/system_texts.h"
#include "dialog/turn_runner.h"
#include "flow/flow_compiler.h"
#include "flow/flow_loader.h"
#include "switchboard/clock.h"

namespace switchboard {
namespace {

constexpr size_t kMaxTranscriptPage = 1000;
// How far back a repeated message's replies are looked for.
constexpr size_t kReplayWindowEvents = 256;
// How much of an unreadable snapshot the log keeps for inspection.
constexpr size_t kQuarantineBytes = 4096;
// A call whose process died this many times is given up as unreachable.
constexpr int kMaxTakeovers = 3;
// Pending calls a message may take over before its own turn runs.
constexpr int kMaxSettleRounds = 16;
// How much of a message over the size limit the log keeps.
constexpr size_t kTooLongLoggedBytes = 512;

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

bool IsCustomerEvent(const Event& e) {
  return e.type == EventType::kUserSaid || e.type == EventType::kButtonPressed;
}

// The replies committed after the customer's event with `message_id`, from the
// tail of the log.
std::vector<Reply> RepliesTo(const std::vector<Event>& tail, const std::string& message_id) {
  std::vector<Reply> replies;
  size_t i = tail.size();
  while (i > 0) {
    --i;
    auto it = tail[i].attrs.find("message_id");
    if (IsCustomerEvent(tail[i]) && it != tail[i].attrs.end() && it->second == message_id) break;
    if (i == 0) return replies;
  }
  for (size_t k = i + 1; k < tail.size() && !IsCustomerEvent(tail[k]); ++k) {
    const Event& e = tail[k];
    if (e.type == EventType::kBotSaid || e.type == EventType::kOperatorSaid) {
      replies.push_back(Reply{e.text, e.buttons, e.quick_replies});
    }
  }
  return replies;
}

// What a turn says and changes, whatever produced it.
void AddToReport(TurnOutput& out, TurnReport* report) {
  for (Reply& r : out.replies) report->replies.push_back(std::move(r));
  for (std::string& step : out.steps) report->steps.push_back(std::move(step));
  if (report->flow.empty()) report->flow = std::move(out.entered_flow);
  report->fallback = report->fallback || out.fallback;
}

void FinishReport(const SessionState& state, uint64_t version, TurnReport* report) {
  report->language = state.language;
  report->channel = state.channel;
  report->handed_off = state.with_people();
  report->operator_id = state.operator_id;
  report->slots = state.slots;
  report->version = version;
}

}  // namespace

LoadedBot LoadBot(const std::string& flows_dir) {
  LoadedBot bot;
  FlowLoadResult loaded = LoadFlowDirectory(flows_dir);
  bot.diagnostics = std::move(loaded.diagnostics);
  if (HasErrors(bot.diagnostics)) return bot;
  Result<std::shared_ptr<const FlowProgram>> compiled = CompileBot(loaded.sources, &bot.diagnostics);
  if (compiled.ok()) bot.program = std::move(compiled).value();
  return bot;
}

struct Engine::Impl {
  EngineOptions options;
  const Clock* clock = nullptr;
  std::unique_ptr<HttpClient> owned_http;
  HttpClient* http = nullptr;  // the flows' http steps
  mutable std::mutex program_mu;  // guards the pointer only; programs are immutable
  std::shared_ptr<const FlowProgram> program;

  std::shared_ptr<const FlowProgram> Current() const {
    std::lock_guard lock(program_mu);
    return program;
  }

  // A loaded conversation, recovered when its snapshot cannot be read.
  struct Loaded {
    LoadedSession stored;
    SessionState state;
    std::vector<Event> recovery_events;  // to commit first when it was recovered
  };

  Result<Loaded> Load(const std::string& session_id, const std::string& message_id) {
    Result<LoadedSession> stored = options.store->Load(session_id, message_id);
    if (!stored.ok()) return stored.status();
    Loaded loaded{std::move(*stored), {}, {}};
    Result<SessionState> state = SessionStateFromSnapshot(loaded.stored.snapshot);
    if (state.ok()) {
      loaded.state = std::move(*state);
      return loaded;
    }
    // Never stuck on an error forever: the snapshot goes into the log for whoever
    // investigates, and the customer starts afresh.
    Event reset;
    reset.type = EventType::kSessionReset;
    reset.at_ms = clock->NowMs();
    reset.value = "unreadable_state";
    reset.attrs["error"] = state.status().message();
    reset.attrs["version"] = std::to_string(loaded.stored.version);
    reset.attrs["snapshot_hex"] = Hex(loaded.stored.snapshot.substr(0, kQuarantineBytes));
    loaded.recovery_events.push_back(std::move(reset));
    return loaded;
  }

  // Replies of a turn into the outbox, addressed to the customer's channel.
  void Address(const std::string& session_id, const SessionState& state, uint64_t version,
               const std::vector<Reply>& replies, const std::string& in_reply_to, TurnCommit* commit) {
    if (state.channel.empty() || state.user_id.empty()) return;  // nobody to deliver to
    for (size_t i = 0; i < replies.size(); ++i) {
      OutboundReply out{replies[i], session_id + "#" + std::to_string(version) + "." + std::to_string(i),
                        in_reply_to};
      commit->outbox.push_back({session_id, state.channel, state.user_id, OutboundReplyToJson(out)});
    }
  }

  // `message_id` is remembered for dedupe; the replies answer `in_reply_to`.
  TurnCommit MakeCommit(const std::string& session_id, Loaded& loaded, TurnOutput& out,
                        const std::string& message_id, const std::string& in_reply_to) {
    TurnCommit commit;
    commit.session_id = session_id;
    commit.expected_version = loaded.stored.version;
    commit.snapshot = SessionStateToSnapshot(loaded.state);
    commit.events = std::move(loaded.recovery_events);
    for (Event& e : out.events) commit.events.push_back(std::move(e));
    commit.inbound_message_id = message_id;
    commit.queue = out.queue;
    commit.pending_call_due_ms = loaded.state.pending ? loaded.state.pending->lease_until_ms : 0;
    Address(session_id, loaded.state, loaded.stored.version + 1, out.replies, in_reply_to, &commit);
    return commit;
  }

  // Makes the calls that `state` leaves pending, one after another, each once,
  // committing each outcome as a continuation turn. A continuation that loses a
  // race is re-run on the fresh state with the same outcome; when another process
  // resolved the call meanwhile, the outcome is dropped.
  Status FollowPendingCalls(const FlowProgram& program, const std::string& session_id,
                            SessionState state, uint64_t version, const std::string& message_id,
                            TurnReport* report) {
    for (int calls = 0; state.pending; ++calls) {
      HttpOutcome outcome;
      if (calls >= options.max_calls_per_message) {
        outcome.kind = HttpOutcome::Kind::kInvalidRequest;
        outcome.error = "more than " + std::to_string(options.max_calls_per_message) +
                        " business calls for one message";
      } else if (state.pending->takeovers > kMaxTakeovers) {
        outcome.kind = HttpOutcome::Kind::kUnreachable;
        outcome.error = "abandoned after " + std::to_string(kMaxTakeovers) + " takeovers";
      } else if (std::optional<HttpCall> request = PendingCallRequest(program, state)) {
        outcome = http->Send(*request);
      } else {
        outcome.kind = HttpOutcome::Kind::kInvalidRequest;
        outcome.error = "the step of the call is gone";
      }
      const std::string key = state.pending->idempotency_key;
      for (int attempt = 0;; ++attempt) {
        if (attempt >= options.max_commit_attempts) {
          return Status::Conflict("session " + session_id + ": gave up committing a call's outcome");
        }
        if (attempt > 0) {
          Result<Loaded> fresh = Load(session_id, "");
          if (!fresh.ok()) return fresh.status();
          if (!fresh->state.pending || fresh->state.pending->idempotency_key != key) return Status::Ok();
          state = std::move(fresh->state);
          version = fresh->stored.version;
        }
        SessionState next = state;
        TurnOutput out = ResumeAfterCall(program, &next, session_id, outcome, clock->NowMs());
        Loaded loaded{LoadedSession{version, "", false}, std::move(next), {}};
        TurnCommit commit = MakeCommit(session_id, loaded, out, "", message_id);
        Result<uint64_t> committed = options.store->Commit(commit);
        if (!committed.ok()) {
          if (committed.status().code() == StatusCode::kConflict) continue;
          return committed.status();
        }
        AddToReport(out, report);
        state = std::move(loaded.state);
        version = *committed;
        FinishReport(state, version, report);
        break;
      }
      if (calls >= options.max_calls_per_message) break;
    }
    return Status::Ok();
  }

  // A call left pending by a process that did not finish it: waits while its lease
  // runs (unless `now_is_ours`: the message that led to it is being retried, so its
  // first processing gave up), then takes it over. The claim is committed first,
  // so one process does. The caller loads the conversation again afterwards.
  Status SettlePendingCall(const FlowProgram& program, const std::string& session_id, Loaded& loaded,
                           int64_t wait_started_mono, bool now_is_ours, TurnReport* report) {
    const PendingCall& call = *loaded.state.pending;
    const int64_t now = clock->NowMs();
    const int64_t waited = SystemClock()->MonotonicMs() - wait_started_mono;
    const int64_t lease_left = call.lease_until_ms - now;
    if (!now_is_ours && lease_left > 0 && waited < lease_left + 1000) {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min<int64_t>(lease_left, 20)));
      return Status::Ok();
    }
    SessionState claimed = loaded.state;
    claimed.pending->lease_until_ms = now + PendingCallLeaseMs(program, claimed);
    claimed.pending->takeovers = std::min(claimed.pending->takeovers + 1, 1'000'000);
    TurnCommit claim;
    claim.session_id = session_id;
    claim.expected_version = loaded.stored.version;
    claim.snapshot = SessionStateToSnapshot(claimed);
    claim.events = std::move(loaded.recovery_events);
    claim.pending_call_due_ms = claimed.pending->lease_until_ms;
    Result<uint64_t> version = options.store->Commit(claim);
    if (!version.ok()) {
      return version.status().code() == StatusCode::kConflict ? Status::Ok() : version.status();
    }
    const std::string message_id = claimed.pending->message_id;
    return FollowPendingCalls(program, session_id, std::move(claimed), *version, message_id, report);
  }
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options,
                                             std::vector<Diagnostic>* diagnostics) {
  if (options.store == nullptr) return Status::InvalidArgument("EngineOptions.store is required");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->clock = options.clock ? options.clock : SystemClock();
  if (options.http != nullptr) {
    impl->http = options.http;
  } else {
    impl->owned_http = NewHttpClient();
    impl->http = impl->owned_http.get();
  }
  LoadedBot bot = LoadBot(options.flows_dir);
  if (diagnostics != nullptr) *diagnostics = bot.diagnostics;
  if (!bot.program) {
    return Status::InvalidFlow("flows in '" + options.flows_dir + "' have errors");
  }
  impl->program = std::move(bot.program);
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Status Engine::Reload(std::vector<Diagnostic>* diagnostics) {
  LoadedBot bot = LoadBot(impl_->options.flows_dir);
  if (diagnostics != nullptr) *diagnostics = bot.diagnostics;
  if (!bot.program) return Status::InvalidFlow("flows have errors; the running version stays");
  std::lock_guard lock(impl_->program_mu);
  if (diagnostics != nullptr && impl_->program != nullptr) {
    std::vector<Diagnostic> removed = RemovedWaitingSteps(*impl_->program, *bot.program, impl_->options.flows_dir);
    diagnostics->insert(diagnostics->end(), removed.begin(), removed.end());
  }
  impl_->program = std::move(bot.program);
  return Status::Ok();
}

std::shared_ptr<const FlowProgram> Engine::program() const { return impl_->Current(); }

Result<TurnReport> Engine::Handle(const InboundMessage& raw) {
  if (raw.session_id.empty()) return Status::InvalidArgument("message has no session id");
  Impl& impl = *impl_;
  const bool too_long = raw.text.size() > impl.options.max_message_bytes;
  InboundMessage message = raw;
  message.text = CleanInboundText(Utf8Prefix(raw.text, impl.options.max_message_bytes));
  std::shared_ptr<const FlowProgram> program = impl.Current();
  Store& store = *impl.options.store;
  TurnReport report;
  const int64_t wait_started = SystemClock()->MonotonicMs();
  int settled = 0;  // pending calls met on the way; bounded so that no flow can spin here
  for (int attempt = 0; attempt < impl.options.max_commit_attempts && settled < kMaxSettleRounds;) {
    Result<Impl::Loaded> loaded = impl.Load(message.session_id, message.message_id);
    if (!loaded.ok()) return loaded.status();
    if (loaded->stored.duplicate && loaded->state.pending &&
        loaded->state.pending->message_id == message.message_id) {
      // Its first processing committed a call and failed before making it: the
      // retry makes it, then answers from the log like any repeat.
      ++settled;
      TurnReport ignored;
      if (Status s = impl.SettlePendingCall(*program, message.session_id, *loaded, wait_started,
                                            /*now_is_ours=*/true, &ignored);
          !s.ok()) {
        return s;
      }
      continue;
    }
    if (loaded->stored.duplicate) {
      size_t first = 0;
      Result<std::vector<Event>> tail =
          store.ReadLastEvents(message.session_id, kReplayWindowEvents, &first);
      if (!tail.ok()) return tail.status();
      report.duplicate = true;
      report.replies = RepliesTo(*tail, message.message_id);
      FinishReport(loaded->state, loaded->stored.version, &report);
      return report;
    }
    if (loaded->state.pending) {
      if (loaded->state.pending->lease_until_ms <= impl.clock->NowMs()) ++settled;
      if (Status s = impl.SettlePendingCall(*program, message.session_id, *loaded, wait_started,
                                            /*now_is_ours=*/false, &report);
          !s.ok()) {
        return s;
      }
      continue;
    }
    report.recovered = report.recovered || !loaded->recovery_events.empty();
    TurnOutput out;
    if (too_long) {
      // Not read at all: only its beginning is logged, and the customer is told why.
      InboundMessage shown = message;
      shown.text = std::string(Utf8Prefix(message.text, kTooLongLoggedBytes));
      out = RunUnreadTurn(*program, &loaded->state, shown, impl.clock->NowMs());
    } else {
      out = RunTurn(*program, &loaded->state, message, impl.clock->NowMs());
    }
    TurnCommit commit = impl.MakeCommit(message.session_id, *loaded, out, message.message_id, message.message_id);
    Result<uint64_t> version = store.Commit(commit);
    if (!version.ok()) {
      if (version.status().code() == StatusCode::kConflict) {
        ++attempt;
        continue;
      }
      return version.status();
    }
    AddToReport(out, &report);
    FinishReport(loaded->state, *version, &report);
    if (loaded->state.pending) {
      if (Status s = impl.FollowPendingCalls(*program, message.session_id, loaded->state, *version,
                                             message.message_id, &report);
          !s.ok()) {
        return s;
      }
    }
    return report;
  }
  return Status::Conflict("session " + message.session_id + ": gave up after " +
                          std::to_string(impl.options.max_commit_attempts) + " concurrent updates");
}

Result<TurnReport> Engine::Operate(const OperatorAction& action) {
  if (action.session_id.empty()) return Status::InvalidArgument("operator action without a session id");
  Impl& impl = *impl_;
  std::shared_ptr<const FlowProgram> program = impl.Current();
  for (int attempt = 0; attempt < impl.options.max_commit_attempts; ++attempt) {
    Result<Impl::Loaded> loaded = impl.Load(action.session_id, action.action_id);
    if (!loaded.ok()) return loaded.status();
    if (loaded->stored.version == 0) return Status::NotFound("no conversation " + action.session_id);
    if (loaded->stored.duplicate) {
      TurnReport report;
      report.duplicate = true;
      FinishReport(loaded->state, loaded->stored.version, &report);
      return report;
    }
    Result<TurnOutput> out = RunOperatorAction(*program, &loaded->state, action, impl.clock->NowMs());
    if (!out.ok()) return out.status();
    TurnCommit commit = impl.MakeCommit(action.session_id, *loaded, *out, action.action_id, "");
    Result<uint64_t> version = impl.options.store->Commit(commit);
    if (!version.ok()) {
      if (version.status().code() == StatusCode::kConflict) continue;
      return version.status();
    }
    TurnReport report;
    report.recovered = !loaded->recovery_events.empty();
    AddToReport(*out, &report);
    FinishReport(loaded->state, *version, &report);
    if (loaded->state.pending) {
      if (Status s = impl.FollowPendingCalls(*program, action.session_id, loaded->state, *version, "", &report);
          !s.ok()) {
        return s;
      }
    }
    return report;
  }
  return Status::Conflict("session " + action.session_id + ": gave up after " +
                          std::to_string(impl.options.max_commit_attempts) + " concurrent updates");
}

Result<int> Engine::SweepPendingCalls(size_t limit) {
  Impl& impl = *impl_;
  std::shared_ptr<const FlowProgram> program = impl.Current();
  Result<std::vector<std::string>> due = impl.options.store->DuePendingCalls(impl.clock->NowMs(), limit);
  if (!due.ok()) return due.status();
  int settled = 0;
  for (const std::string& session_id : *due) {
    Result<Impl::Loaded> loaded = impl.Load(session_id, "");
    if (!loaded.ok()) return loaded.status();
    if (!loaded->state.pending || loaded->state.pending->lease_until_ms > impl.clock->NowMs()) continue;
    TurnReport report;
    Status s = impl.SettlePendingCall(*program, session_id, *loaded, SystemClock()->MonotonicMs(),
                                      /*now_is_ours=*/true, &report);
    if (!s.ok()) return s;
    ++settled;
  }
  return settled;
}

Result<TranscriptPage> Engine::Transcript(const std::string& session_id, size_t from, size_t limit) {
  limit = std::min(limit, kMaxTranscriptPage);
  Result<std::vector<Event>> events = impl_->options.store->ReadEvents(session_id, from, limit);
  if (!events.ok()) return events.status();
  TranscriptPage page;
  page.first = from;
  page.next = from + events->size();
  page.events = std::move(*events);
  return page;
}

Result<TranscriptPage> Engine::RecentTranscript(const std::string& session_id, size_t limit) {
  limit = std::min(limit, kMaxTranscriptPage);
  TranscriptPage page;
  Result<std::vector<Event>> events = impl_->options.store->ReadLastEvents(session_id, limit, &page.first);
  if (!events.ok()) return events.status();
  page.next = page.first + events->size();
  page.events = std::move(*events);
  return page;
}

}  // namespace switchboard
