// Engine: load -> run turn -> commit, with the published FlowProgram swapped
// atomically on reload. A turn that loses the optimistic-concurrency race is re-run
// on the fresh snapshot, so two messages of one customer handled at the same instant
// by two processes are both processed, once, in commit order.
#include "switchboard/engine.h"

#include <atomic>
#include <mutex>

#include "actions/http_action.h"
#include "dialog/session_state.h"
#include "dialog/turn_runner.h"
#include "flow/flow_compiler.h"
#include "flow/flow_loader.h"
#include "switchboard/clock.h"

namespace switchboard {

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
  std::unique_ptr<HttpClient> http = NewHttpClient();  // the flows' http steps
  mutable std::mutex program_mu;  // guards the pointer only; programs are immutable
  std::shared_ptr<const FlowProgram> program;

  std::shared_ptr<const FlowProgram> Current() const {
    std::lock_guard lock(program_mu);
    return program;
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
  impl_->program = std::move(bot.program);
  return Status::Ok();
}

std::shared_ptr<const FlowProgram> Engine::program() const { return impl_->Current(); }

Result<TurnReport> Engine::Handle(const InboundMessage& message) {
  if (message.session_id.empty()) return Status::InvalidArgument("message has no session id");
  std::shared_ptr<const FlowProgram> program = impl_->Current();
  Store& store = *impl_->options.store;
  for (int attempt = 0; attempt < impl_->options.max_commit_attempts; ++attempt) {
    Result<LoadedSession> loaded = store.Load(message.session_id, message.message_id);
    if (!loaded.ok()) return loaded.status();
    TurnReport report;
    if (loaded->duplicate) {
      report.duplicate = true;
      report.version = loaded->version;
      return report;
    }
    Result<SessionState> state = SessionStateFromSnapshot(loaded->snapshot);
    if (!state.ok()) return state.status();
    TurnOutput out = RunTurn(*program, &*state, message, impl_->clock->NowMs(), impl_->http.get());

    TurnCommit commit;
    commit.session_id = message.session_id;
    commit.expected_version = loaded->version;
    commit.snapshot = SessionStateToSnapshot(*state);
    commit.events = std::move(out.events);
    commit.inbound_message_id = message.message_id;
    if (out.handoff) {
      commit.enqueue = std::move(out.handoff);
      commit.enqueue->session_id = message.session_id;
    }
    Result<uint64_t> version = store.Commit(commit);
    if (!version.ok()) {
      if (version.status().code() == StatusCode::kConflict) continue;
      return version.status();
    }
    report.replies = std::move(out.replies);
    report.flow = std::move(out.entered_flow);
    report.language = state->language;
    report.fallback = out.fallback;
    report.handed_off = state->with_operator;
    report.slots = state->slots;
    report.steps = std::move(out.steps);
    report.version = *version;
    return report;
  }
  return Status::Conflict("session " + message.session_id + ": gave up after " +
                          std::to_string(impl_->options.max_commit_attempts) + " concurrent updates");
}

Result<std::vector<Event>> Engine::Transcript(const std::string& session_id) {
  return impl_->options.store->ReadEvents(session_id, 0, SIZE_MAX);
}

}  // namespace switchboard
