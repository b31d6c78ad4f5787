// Assembling and running the server (see server.h).
#include "server/server.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "adapters/common/customer_sessions.h"
#include "adapters/common/json_response.h"
#include "adapters/common/phone_link_questions.h"
#include "adapters/rest/rest_adapter.h"
#include "adapters/telegram/telegram_adapter.h"
#include "adapters/viber/viber_adapter.h"
#include "adapters/vk/vk_adapter.h"
#include "adapters/whatsapp/whatsapp_adapter.h"
#include "adapters/webchat/webchat_adapter.h"
#include "server/admin_routes.h"
#include "server/console/console_routes.h"
#include "server/console/desk.h"
#include "server/event_hub.h"
#include "server/delivery_workers.h"
#include "server/http_server.h"
#include "server/json_logger.h"
#include "server/metrics.h"

namespace switchboard::server {
namespace {

using adapters::HttpRequest;
using adapters::HttpResponse;
using adapters::JsonOk;

// What the flow folder looks like now: names, sizes and times of its YAML files.
std::string FlowsSignature(const std::string& dir) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const auto& p = it->path();
    if (p.extension() != ".yaml" && p.extension() != ".yml") continue;
    std::error_code e2;
    auto size = std::filesystem::file_size(p, e2);
    auto time = std::filesystem::last_write_time(p, e2).time_since_epoch().count();
    files[p.string()] = std::to_string(size) + "@" + std::to_string(time);
  }
  std::string out;
  for (const auto& [name, stamp] : files) out += name + "=" + stamp + ";";
  return out;
}

// A customer's page following its conversation through the process's EventHub.
class HubWatch final : public adapters::ConversationWatch {
 public:
  HubWatch(EventHub* hub, std::shared_ptr<ChatSubscriber> subscriber, std::atomic<int>* open)
      : hub_(hub), subscriber_(std::move(subscriber)), open_(open) {}
  ~HubWatch() override {
    hub_->Unsubscribe(subscriber_);
    --*open_;
  }
  std::vector<std::string> Wait(int timeout_ms) override {
    std::vector<std::string> out;
    for (const ChatChange& c : subscriber_->Wait(timeout_ms)) out.push_back(c.signal.empty() ? "changed" : c.signal);
    return out;
  }
  bool closed() const override { return subscriber_->closed(); }

 private:
  EventHub* const hub_;
  const std::shared_ptr<ChatSubscriber> subscriber_;
  std::atomic<int>* const open_;
};

}  // namespace

struct Server::Impl final : adapters::AdapterHost {
  ServerConfig config;
  std::FILE* log_file = nullptr;
  std::unique_ptr<JsonLogger> log;
  Metrics metrics;
  std::unique_ptr<Store> store;
  std::unique_ptr<Engine> engine;
  std::vector<std::unique_ptr<adapters::ChannelAdapter>> adapters;
  std::unique_ptr<HttpServer> http;
  std::unique_ptr<DeliveryWorkers> delivery;
  std::unique_ptr<Desk> desk;      // the operator console's, when configured
  std::unique_ptr<EventHub> hub;   // live updates: consoles and web chats
  std::atomic<int> open_watches{0};
  std::thread http_thread, watch_thread, desk_thread;
  std::mutex mu;
  std::condition_variable wake;
  bool stopping = false;
  std::mutex reload_mu;  // one reload at a time (watcher and admin endpoint)

  ~Impl() override {
    if (log_file) std::fclose(log_file);
  }

  Result<TurnReport> HandleTurn(const InboundMessage& message) override {
    // Answers to the question whether a typed phone is the owner's are the server's,
    // whichever channel they come from; the flows never see them.
    adapters::CustomerSessions sessions(store.get());
    auto answered = adapters::AnswerLinkQuestion(this, sessions, message);
    if (!answered.ok()) {
      log->Log(LogLevel::kError, "link.answer_failed",
               {{"conversation", message.session_id}, {"channel", message.channel},
                {"error", std::string(StatusCodeName(answered.status().code()))}});
      return answered.status();
    }
    if (*answered) return std::move(**answered);
    auto start = std::chrono::steady_clock::now();
    auto report = engine->Handle(message);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!report.ok()) {
      metrics.CountTurnError();
      if (report.status().code() == StatusCode::kUnavailable) metrics.CountStoreError();
      log->Log(LogLevel::kError, "turn.failed",
               {{"conversation", message.session_id}, {"channel", message.channel},
                {"error", std::string(StatusCodeName(report.status().code()))}});
      return report;
    }
    metrics.ObserveTurn(seconds, report->fallback, report->handed_off);
    if (desk) {
      desk->AfterTurn(message.session_id, *report);
      if (report->handed_off) hub->Wake();  // a chat with operators changed
    }
    if (log->Enabled(LogLevel::kInfo)) {
      log->Log(LogLevel::kInfo, "turn.done",
               {{"conversation", message.session_id}, {"channel", message.channel},
                {"flow", report->flow}, {"replies", std::to_string(report->replies.size())},
                {"fallback", report->fallback ? "true" : "false"},
                {"handed_off", report->handed_off ? "true" : "false"},
                {"duplicate", report->duplicate ? "true" : "false"},
                {"version", std::to_string(report->version)},
                {"micros", std::to_string(static_cast<long long>(seconds * 1e6))}});
    }
    return report;
  }

  Status Note(const std::string& session_id, const std::string& text) override {
    OperatorAction note;
    note.kind = OperatorAction::Kind::kNote;
    note.session_id = session_id;
    note.operator_id = "system";
    note.text = text;
    auto report = engine->Operate(note);
    if (!report.ok()) {
      log->Log(LogLevel::kWarn, "channel.note_failed",
               {{"conversation", session_id}, {"error", report.status().ToString()}});
      return report.status();
    }
    return Status::Ok();
  }

  Result<TurnReport> Tell(const std::string& session_id, const Reply& reply, const std::string& action_id) override {
    OperatorAction say;
    say.kind = OperatorAction::Kind::kBotSay;
    say.session_id = session_id;
    say.operator_id = "system";
    say.text = reply.text;
    say.buttons = reply.buttons;
    say.action_id = action_id;
    auto report = engine->Operate(say);
    if (!report.ok() && report.status().code() != StatusCode::kNotFound) {
      log->Log(LogLevel::kWarn, "channel.tell_failed",
               {{"conversation", session_id}, {"error", std::string(StatusCodeName(report.status().code()))}});
    }
    return report;
  }

  Result<TranscriptPage> RecentTranscript(const std::string& session_id, size_t limit) override {
    return engine->RecentTranscript(session_id, limit);
  }

  void LogEvent(std::string_view event,
                std::initializer_list<std::pair<std::string_view, std::string_view>> fields) override {
    log->Log(LogLevel::kInfo, event, fields);
  }

  CustomerStore* customers() override { return store.get(); }

  Result<TranscriptPage> Transcript(const std::string& session_id, size_t from, size_t limit) override {
    auto page = engine->Transcript(session_id, from, limit);
    if (!page.ok() && page.status().code() == StatusCode::kUnavailable) metrics.CountStoreError();
    return page;
  }

  // Customers' live pages may hold at most half the HTTP worker threads (each open
  // stream holds one); beyond that they poll.
  std::shared_ptr<adapters::ConversationWatch> FollowConversation(const std::string& session_id) override {
    if (!hub) return nullptr;
    if (++open_watches > std::max(1, config.http.threads / 2)) {
      --open_watches;
      return nullptr;
    }
    auto subscriber = hub->SubscribeChat(session_id);
    if (!subscriber) {
      --open_watches;
      return nullptr;
    }
    return std::make_shared<HubWatch>(hub.get(), std::move(subscriber), &open_watches);
  }

  Status Reload(std::vector<Diagnostic>* diagnostics) {
    std::lock_guard<std::mutex> lock(reload_mu);
    Status s = engine->Reload(diagnostics);
    metrics.CountReload(s.ok());
    if (s.ok()) {
      log->Log(LogLevel::kInfo, "flows.reloaded", {{"flows", config.flows}});
      if (diagnostics != nullptr) {
        for (const Diagnostic& d : *diagnostics) {
          if (d.code == "removed-step") log->Log(LogLevel::kWarn, "flows.step_removed", {{"what", d.message}});
        }
      }
    } else {
      int errors = 0;
      for (const Diagnostic& d : *diagnostics) errors += d.severity == Severity::kError;
      log->Log(LogLevel::kError, "flows.reload_refused",
               {{"flows", config.flows}, {"errors", std::to_string(errors)},
                {"first", diagnostics->empty() ? "" : FormatDiagnostic(diagnostics->front())}});
    }
    return s;
  }

  void Mount() {
    http->Get("/healthz", [](const HttpRequest&) { return JsonOk("{\"status\":\"ok\"}"); });
    http->Get("/readyz", [this](const HttpRequest&) {
      bool flows = engine->program() != nullptr;
      auto probe = store->Load("sb-readyz-probe", "");
      bool store_ok = probe.ok();
      if (!store_ok) metrics.CountStoreError();
      std::string body = std::string("{\"status\":\"") + (flows && store_ok ? "ready" : "not_ready") +
                         "\",\"flows_loaded\":" + (flows ? "true" : "false") +
                         ",\"store_reachable\":" + (store_ok ? "true" : "false") + "}";
      return JsonOk(body, flows && store_ok ? 200 : 503);
    });
    http->Get("/metrics", [this](const HttpRequest&) {
      // Sampled at each scrape: one store call per scrape, none per message.
      auto depth = store->OutboxDepth();
      if (!depth.ok()) metrics.CountStoreError();
      int64_t outbox_depth = depth.ok() ? static_cast<int64_t>(*depth) : -1;
      return HttpResponse{.status = 200, .content_type = "text/plain; version=0.0.4",
                          .body = metrics.Render(engine->program() != nullptr, outbox_depth) +
                                  RenderStoreStats(store->Stats()),
                          .headers = {}};
    });
    MountAdminRoutes(*http, {.token = config.admin_token, .engine = engine.get(),
                             .reload = [this](std::vector<Diagnostic>* d) { return Reload(d); }});
    for (auto& a : adapters) a->Mount(*http);
  }

  // Routing, reclaiming and long waits, every console.tick_ms.
  void DeskLoop() {
    std::unique_lock<std::mutex> lock(mu);
    while (!wake.wait_for(lock, std::chrono::milliseconds(config.console.tick_ms), [this] { return stopping; })) {
      lock.unlock();
      auto ticked = desk->Tick();
      if (!ticked.ok()) {
        log->Log(LogLevel::kWarn, "desk.tick_failed", {{"error", std::string(StatusCodeName(ticked.status().code()))}});
      } else if (ticked->routed + ticked->reclaimed + ticked->told_long_wait > 0) {
        log->Log(LogLevel::kInfo, "desk.tick", {{"routed", std::to_string(ticked->routed)},
                                                {"reclaimed", std::to_string(ticked->reclaimed)},
                                                {"told_long_wait", std::to_string(ticked->told_long_wait)}});
      }
      lock.lock();
    }
  }

  // `seen`: the folder as it was when the running flows were loaded.
  void Watch(std::string seen) {
    std::unique_lock<std::mutex> lock(mu);
    while (!wake.wait_for(lock, std::chrono::milliseconds(config.flows_watch_ms), [this] { return stopping; })) {
      lock.unlock();
      std::string now = FlowsSignature(config.flows);
      if (now != seen) {
        seen = now;
        std::vector<Diagnostic> found;
        (void)Reload(&found);  // logged either way; the old flows serve on errors
      }
      lock.lock();
    }
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }
Engine& Server::engine() { return *impl_->engine; }
Store& Server::store() { return *impl_->store; }
Status Server::Reload(std::vector<Diagnostic>* diagnostics) { return impl_->Reload(diagnostics); }

Result<std::unique_ptr<Server>> Server::Open(const ServerConfig& config, std::vector<Diagnostic>* diagnostics,
                                             std::vector<std::unique_ptr<adapters::ChannelAdapter>> extra) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  std::FILE* out = stderr;
  if (!config.log_file.empty()) {
    impl->log_file = std::fopen(config.log_file.c_str(), "a");
    if (!impl->log_file) return Status::InvalidArgument("cannot open the log file " + config.log_file);
    out = impl->log_file;
  }
  impl->log = std::make_unique<JsonLogger>(out, ParseLogLevel(config.log_level));
  if (config.store == "memory") {
    impl->store = NewMemoryStore();
  } else {
    RedisStoreOptions options;
    options.url = config.store;
    options.key_prefix = config.store_key_prefix;
    options.pool_size = std::max(4, config.http.threads / 2 + config.delivery.workers);
    auto store = NewRedisStore(options);
    if (!store.ok()) return store.status();
    impl->store = std::move(*store);
  }
  EngineOptions options;
  options.flows_dir = config.flows;
  options.store = impl->store.get();
  options.max_message_bytes = config.max_message_bytes;
  auto engine = Engine::Open(options, diagnostics);
  if (!engine.ok()) return engine.status();
  impl->engine = std::move(*engine);

  if (config.channels.rest) {
    impl->adapters.push_back(adapters::NewRestAdapter(
        impl.get(), {.api_keys = config.channels.rest_api_keys, .max_text_bytes = config.max_message_bytes}));
  }
  if (config.channels.webchat) {
    auto web = adapters::NewWebChatAdapter(impl.get(), {.secret = config.channels.webchat_secret,
                                                        .assets_dir = config.channels.webchat_assets,
                                                        .max_text_bytes = config.max_message_bytes});
    if (!web.ok()) return web.status();
    impl->adapters.push_back(std::move(*web));
  }
  if (config.channels.telegram) {
    auto telegram = adapters::NewTelegramAdapter(impl.get(), config.channels.telegram_options);
    if (!telegram.ok()) return telegram.status();
    impl->adapters.push_back(std::move(*telegram));
  }
  if (config.channels.whatsapp) {
    auto whatsapp = adapters::NewWhatsAppAdapter(impl.get(), config.channels.whatsapp_options);
    if (!whatsapp.ok()) return whatsapp.status();
    impl->adapters.push_back(std::move(*whatsapp));
  }
  if (config.channels.viber) {
    auto viber = adapters::NewViberAdapter(impl.get(), config.channels.viber_options);
    if (!viber.ok()) return viber.status();
    impl->adapters.push_back(std::move(*viber));
  }
  if (config.channels.vk) {
    auto vk = adapters::NewVkAdapter(impl.get(), config.channels.vk_options);
    if (!vk.ok()) return vk.status();
    impl->adapters.push_back(std::move(*vk));
  }
  for (auto& a : extra) impl->adapters.push_back(std::move(a));
  std::map<std::string, adapters::ChannelAdapter*> by_channel;
  for (auto& a : impl->adapters) by_channel[std::string(a->channel())] = a.get();
  Impl* raw = impl.get();
  impl->http = std::make_unique<HttpServer>(config.http, [raw](int status) { raw->metrics.CountHttpRequest(status); });
  impl->delivery = std::make_unique<DeliveryWorkers>(impl->store.get(), std::move(by_channel), config.delivery,
                                                     config.server_id, &impl->metrics, impl->log.get());
  impl->Mount();
  if (config.console.enabled || config.channels.webchat) {
    impl->hub = std::make_unique<EventHub>(impl->store.get(), impl->store.get(), config.console.poll_ms);
  }
  if (config.console.enabled) {
    impl->desk = std::make_unique<Desk>(impl->engine.get(), impl->store.get(), &impl->config.console, nullptr);
    Status mounted = MountConsoleRoutes(*impl->http, {.config = &impl->config.console, .desk = impl->desk.get(),
                                                      .hub = impl->hub.get(), .engine = impl->engine.get(),
                                                      .store = impl->store.get()});
    if (!mounted.ok()) return mounted;
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Result<int> Server::Start() {
  auto port = impl_->http->Bind(impl_->config.host, impl_->config.port);
  if (!port.ok()) return port;
  impl_->http_thread = std::thread([this] { impl_->http->Serve(); });
  // Stop before the listener runs would be lost; it runs within microseconds.
  while (!impl_->http->running()) std::this_thread::yield();
  impl_->delivery->Start();
  if (impl_->hub) impl_->hub->Start();
  if (impl_->desk) {
    impl_->desk_thread = std::thread([this] { impl_->DeskLoop(); });
  }
  if (impl_->config.flows_watch_ms > 0) {
    // Taken here, not on the thread: a change made right after Start is a change.
    std::string seen = FlowsSignature(impl_->config.flows);
    impl_->watch_thread = std::thread([this, seen] { impl_->Watch(seen); });
  }
  impl_->log->Log(LogLevel::kInfo, "server.started",
                  {{"listen", impl_->config.host + ":" + std::to_string(*port)},
                   {"server_id", impl_->config.server_id},
                   {"store", impl_->config.store == "memory" ? "memory" : "redis"}});
  return port;
}

void Server::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->stopping) return;
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->hub) impl_->hub->Stop();  // ends the live event streams first
  impl_->http->Stop();  // returns once requests in progress are answered
  if (impl_->http_thread.joinable()) impl_->http_thread.join();
  impl_->delivery->Stop();
  if (impl_->watch_thread.joinable()) impl_->watch_thread.join();
  if (impl_->desk_thread.joinable()) impl_->desk_thread.join();
  impl_->log->Log(LogLevel::kInfo, "server.stopped", {{"server_id", impl_->config.server_id}});
}

}  // namespace switchboard::server
