// The operator console's routes (see console_routes.h). The only console file that
// builds JSON; nlohmann's exceptions are avoided by parsing without them.
#include "server/console/console_routes.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/common/json_response.h"
#include "server/console/desk.h"
#include "server/event_hub.h"
#include "server/console/operator_auth.h"
#include "switchboard/clock.h"
#include "switchboard/engine.h"

namespace switchboard::server {
namespace {

using adapters::HttpRequest;
using adapters::HttpResponse;
using adapters::JsonError;
using adapters::JsonOk;
using nlohmann::json;

constexpr const char* kCookie = "sb_console";
constexpr size_t kWaitingShown = 200;   // the top of the queue that the console lists
constexpr size_t kPreviewEvents = 12;   // read per listed chat for its preview

struct Asset {
  std::string content_type;
  std::string body;
};

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string CookieValue(const HttpRequest& r, std::string_view name) {
  const std::string& header = r.Header("cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return "";
}

class Console {
 public:
  Console(ConsoleRoutes r, std::map<std::string, Asset> assets)
      : r_(std::move(r)), clock_(r_.clock ? r_.clock : SystemClock()), assets_(std::move(assets)) {}

  // The routes hold the console: it lives as long as the router.
  static void Mount(const std::shared_ptr<Console>& self, adapters::Router& router) {
    router.Get("/console/?", [self](const HttpRequest&) { return self->Serve("index.html"); });
    router.Get("/console/(console\\.js|console\\.css)", [self](const HttpRequest& q) { return self->Serve(q.captures.at(0)); });
    router.Post("/console/api/login", [self](const HttpRequest& q) { return self->Login(q); });
    router.Post("/console/api/logout", [self](const HttpRequest& q) { return self->Logout(q); });
    router.Get("/console/api/me", [self](const HttpRequest& q) { return self->With(q, &Console::Me); });
    router.Get("/console/api/queue", [self](const HttpRequest& q) { return self->With(q, &Console::Queue); });
    router.Get("/console/api/supervisor", [self](const HttpRequest& q) { return self->With(q, &Console::Supervisor); });
    router.Post("/console/api/presence", [self](const HttpRequest& q) { return self->With(q, &Console::Presence); });
    router.Get("/console/api/chats/([^/]{1,200})", [self](const HttpRequest& q) { return self->With(q, &Console::Chat); });
    router.Post("/console/api/chats/([^/]{1,200})/(take|reply|note|transfer|hand_back|close)",
                [self](const HttpRequest& q) { return self->With(q, &Console::Act); });
    router.Post("/console/api/chats/([^/]{1,200})/typing", [self](const HttpRequest& q) { return self->With(q, &Console::Typing); });
    router.Get("/console/api/events", [self](const HttpRequest& q) { return self->With(q, &Console::Events); });
  }

 private:
  using Handler = HttpResponse (Console::*)(const OperatorAccount&, const HttpRequest&);

  static HttpResponse NoStore(HttpResponse r) {
    r.headers.push_back({"Cache-Control", "no-store"});
    return r;
  }

  HttpResponse Serve(const std::string& name) const {
    const Asset& a = assets_.at(name);
    return HttpResponse{.status = 200, .content_type = a.content_type, .body = a.body,
                        .headers = {{"Cache-Control", "no-cache"},
                                    {"X-Content-Type-Options", "nosniff"},
                                    {"Referrer-Policy", "no-referrer"},
                                    {"Content-Security-Policy",
                                     "default-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"}}};
  }

  // The operator of the request's session (cookie, or a bearer token for desks of
  // other makers), or nullptr.
  const OperatorAccount* Authenticate(const HttpRequest& q) const {
    std::string token = adapters::BearerToken(q);
    if (token.empty()) token = CookieValue(q, kCookie);
    if (token.empty()) return nullptr;
    auto id = VerifySessionToken(r_.config->session_secret, token, clock_->NowMs());
    return id ? r_.desk->Find(*id) : nullptr;
  }

  HttpResponse With(const HttpRequest& q, Handler handler) {
    const OperatorAccount* account = Authenticate(q);
    if (account == nullptr) return NoStore(JsonError(401, "unauthorized", "log in to the console"));
    // A cross-site form cannot send a JSON body; the cookie is SameSite=Strict too.
    if (q.method == "POST" && adapters::BearerToken(q).empty() &&
        q.Header("content-type").find("application/json") != 0) {
      return JsonError(415, "unsupported_media_type", "send JSON (Content-Type: application/json)");
    }
    return NoStore((this->*handler)(*account, q));
  }

  static json AccountJson(const OperatorAccount& a) {
    return {{"id", a.id}, {"name", a.name}, {"role", std::string(OperatorRoleName(a.role))},
            {"departments", a.departments}};
  }

  HttpResponse Login(const HttpRequest& q) {
    json body = json::parse(q.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("operator") || !body.contains("password") ||
        !body["operator"].is_string() || !body["password"].is_string()) {
      return JsonError(400, "invalid_argument", "send {\"operator\": ..., \"password\": ...}");
    }
    const OperatorAccount* account = r_.desk->Find(body["operator"].get<std::string>());
    // The same work and the same answer for an unknown name and a wrong password.
    static const std::string kDummy = HashPassword("not a password");
    bool ok = VerifyPassword(account ? account->password_hash : kDummy, body["password"].get<std::string>());
    if (account == nullptr || !ok) return JsonError(401, "unauthorized", "wrong operator name or password");
    int64_t expires = clock_->NowMs() + r_.config->session_ttl_s * 1000LL;
    std::string token = IssueSessionToken(r_.config->session_secret, account->id, expires);
    (void)r_.desk->SetPresence(*account, "online");
    HttpResponse r = JsonOk(Dump({{"operator", AccountJson(*account)}, {"token", token}, {"expires_ms", expires}}));
    r.headers.push_back({"Set-Cookie", std::string(kCookie) + "=" + token + "; Path=/console; HttpOnly; SameSite=Strict; Max-Age=" +
                                           std::to_string(r_.config->session_ttl_s)});
    return NoStore(r);
  }

  HttpResponse Logout(const HttpRequest& q) {
    if (const OperatorAccount* account = Authenticate(q)) (void)r_.desk->SetPresence(*account, "offline");
    HttpResponse r = JsonOk("{\"logged_out\":true}");
    r.headers.push_back({"Set-Cookie", std::string(kCookie) + "=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0"});
    return NoStore(r);
  }

  HttpResponse Me(const OperatorAccount& a, const HttpRequest&) {
    json operators = json::array();
    for (const OperatorAccount& o : r_.config->operators) operators.push_back(AccountJson(o));
    json canned = json::array();
    for (const CannedAnswer& c : r_.config->canned) canned.push_back({{"title", c.title}, {"text", c.text}});
    return JsonOk(Dump({{"operator", AccountJson(a)},
                        {"capacity", r_.desk->Capacity(a)},
                        {"operators", operators},
                        {"departments", r_.config->departments},
                        {"canned", canned},
                        {"steps", r_.desk->HandBackSteps()},
                        {"routing", r_.config->auto_routing ? "auto" : "manual"},
                        {"long_wait_s", r_.config->long_wait_s},
                        {"presence_ttl_s", r_.config->presence_ttl_s},
                        {"now_ms", clock_->NowMs()}}));
  }

  // A listed chat: where it is in the queue, and what the operator sees of it
  // before opening it (channel, reason, the last customer message).
  json EntryJson(const QueueEntry& e, int64_t now, bool with_unread) {
    json j = {{"session", e.session_id}, {"department", e.department}, {"priority", e.priority},
              {"enqueued_ms", e.enqueued_ms}, {"operator_id", e.operator_id},
              {"flagged", e.operator_id.empty() && now - e.enqueued_ms >= r_.config->long_wait_s * 1000LL}};
    size_t first = 0;
    auto events = r_.store->ReadLastEvents(e.session_id, kPreviewEvents, &first);
    if (!events.ok()) return j;
    json customer_at = json::array();
    for (size_t i = 0; i < events->size(); ++i) {
      const Event& ev = (*events)[i];
      if (ev.type == EventType::kUserSaid || ev.type == EventType::kButtonPressed) {
        j["preview"] = ev.text;
        customer_at.push_back(first + i);
        auto ch = ev.attrs.find("channel");
        if (ch != ev.attrs.end()) j["channel"] = ch->second;
      }
      if (ev.type == EventType::kHandedOff) j["reason"] = ev.value;
    }
    if (with_unread) {
      j["customer_at"] = customer_at;
      j["next"] = first + events->size();
    }
    return j;
  }

  HttpResponse Queue(const OperatorAccount& a, const HttpRequest&) {
    const int64_t now = clock_->NowMs();
    auto waiting = r_.store->ListWaiting("", 100000);
    if (!waiting.ok()) return adapters::StatusError(waiting.status());
    json listed = json::array();
    size_t total = 0, flagged = 0;
    for (const QueueEntry& e : *waiting) {
      if (!r_.desk->Sees(a, e)) continue;
      ++total;
      if (now - e.enqueued_ms >= r_.config->long_wait_s * 1000LL) ++flagged;
      if (listed.size() < kWaitingShown) listed.push_back(EntryJson(e, now, false));
    }
    auto mine = r_.store->ListAssigned(a.id, 1000);
    if (!mine.ok()) return adapters::StatusError(mine.status());
    json my = json::array();
    for (const QueueEntry& e : *mine) my.push_back(EntryJson(e, now, true));
    return JsonOk(Dump({{"now_ms", now}, {"waiting", listed}, {"waiting_total", total},
                        {"flagged_total", flagged}, {"mine", my}}));
  }

  HttpResponse Supervisor(const OperatorAccount& a, const HttpRequest&) {
    if (a.role == OperatorRole::kOperator) return JsonError(403, "forbidden", "for supervisors and admins");
    const int64_t now = clock_->NowMs();
    auto waiting = r_.store->ListWaiting("", 100000);
    if (!waiting.ok()) return adapters::StatusError(waiting.status());
    auto loads = r_.desk->Loads();
    if (!loads.ok()) return adapters::StatusError(loads.status());
    auto presence = r_.store->ListPresence();
    if (!presence.ok()) return adapters::StatusError(presence.status());
    std::map<std::string, json> queues;
    for (const std::string& d : r_.config->departments) queues[d] = {{"department", d}, {"waiting", 0}, {"flagged", 0}, {"oldest_ms", 0}};
    for (const QueueEntry& e : *waiting) {
      json& q = queues[e.department];
      if (q.is_null()) q = {{"department", e.department}, {"waiting", 0}, {"flagged", 0}, {"oldest_ms", 0}};
      q["waiting"] = q["waiting"].get<int>() + 1;
      if (now - e.enqueued_ms >= r_.config->long_wait_s * 1000LL) q["flagged"] = q["flagged"].get<int>() + 1;
      if (q["oldest_ms"].get<int64_t>() == 0 || e.enqueued_ms < q["oldest_ms"].get<int64_t>()) q["oldest_ms"] = e.enqueued_ms;
    }
    json qs = json::array();
    for (auto& [_, q] : queues) qs.push_back(q);
    json ops = json::array();
    for (const OperatorAccount& o : r_.config->operators) {
      auto p = presence->find(o.id);
      auto l = loads->find(o.id);
      ops.push_back({{"id", o.id}, {"name", o.name}, {"role", std::string(OperatorRoleName(o.role))},
                     {"departments", o.departments}, {"presence", p == presence->end() ? "offline" : p->second.state},
                     {"load", l == loads->end() ? 0 : l->second}, {"capacity", r_.desk->Capacity(o)}});
    }
    return JsonOk(Dump({{"now_ms", now}, {"queues", qs}, {"operators", ops}}));
  }

  HttpResponse Presence(const OperatorAccount& a, const HttpRequest& q) {
    json body = json::parse(q.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("state") || !body["state"].is_string()) {
      return JsonError(400, "invalid_argument", "send {\"state\": \"online\" | \"away\" | \"offline\"}");
    }
    Status s = r_.desk->SetPresence(a, body["state"].get<std::string>());
    if (!s.ok()) return adapters::StatusError(s);
    return JsonOk(Dump({{"state", body["state"]}, {"expires_in_s", r_.config->presence_ttl_s}}));
  }

  HttpResponse Chat(const OperatorAccount& a, const HttpRequest& q) {
    const std::string& sid = q.captures.at(0);
    if (!adapters::IsSafeId(sid)) return JsonError(400, "invalid_argument", "bad conversation id");
    auto entry = r_.store->GetQueueEntry(sid);
    if (!entry.ok() || !r_.desk->Sees(a, *entry)) {
      return JsonError(404, "not_found", "no chat " + sid + " with operators");
    }
    auto page = r_.engine->RecentTranscript(sid, 1000);
    if (!page.ok()) return adapters::StatusError(page.status());
    json transcript = json::parse(adapters::TranscriptToJson(*page, /*customer_view=*/false), nullptr, false);
    std::map<std::string, std::string> slots;
    json profile = json::object();
    for (const Event& e : page->events) {
      if (e.type == EventType::kSlotSet) {
        if (e.value.empty()) slots.erase(e.name); else slots[e.name] = e.value;
      }
      if (e.type == EventType::kUserSaid) {
        auto ch = e.attrs.find("channel");
        if (ch != e.attrs.end()) profile["channel"] = ch->second;
        if (!profile.contains("first_message_ms")) profile["first_message_ms"] = e.at_ms;
      }
    }
    if (!page->events.empty() && !profile.contains("first_message_ms")) profile["first_message_ms"] = page->events.front().at_ms;
    profile["events"] = page->next;
    const int64_t now = clock_->NowMs();
    json j = {{"entry", EntryJson(*entry, now, false)}, {"events", transcript["events"]},
              {"first", page->first}, {"next", page->next}, {"slots", slots}, {"profile", profile},
              {"mine", entry->operator_id == a.id}};
    return JsonOk(Dump(j));
  }

  HttpResponse Act(const OperatorAccount& a, const HttpRequest& q) {
    DeskAction action;
    action.session_id = q.captures.at(0);
    if (!adapters::IsSafeId(action.session_id)) return JsonError(400, "invalid_argument", "bad conversation id");
    static const std::map<std::string, DeskAction::Kind> kKinds = {
        {"take", DeskAction::Kind::kTake}, {"reply", DeskAction::Kind::kReply}, {"note", DeskAction::Kind::kNote},
        {"transfer", DeskAction::Kind::kTransfer}, {"hand_back", DeskAction::Kind::kHandBack},
        {"close", DeskAction::Kind::kClose}};
    action.kind = kKinds.at(q.captures.at(1));
    json body = q.body.empty() ? json::object() : json::parse(q.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return JsonError(400, "invalid_argument", "the body must be a JSON object");
    const std::map<std::string, std::string*> fields = {
        {"text", &action.text}, {"to_operator", &action.to_operator},
        {"department", &action.department}, {"step", &action.step}};
    for (auto& [key, value] : body.items()) {
      auto field = fields.find(key);
      if (field == fields.end()) return JsonError(400, "invalid_argument", "unknown field '" + key + "'");
      if (!value.is_string()) return JsonError(400, "invalid_argument", "field '" + key + "' must be a string");
      *field->second = value.get<std::string>();
      if (field->second->size() > 16 * 1024) return JsonError(400, "invalid_argument", "field '" + key + "' is too long");
    }
    if ((action.kind == DeskAction::Kind::kReply || action.kind == DeskAction::Kind::kNote) && action.text.empty()) {
      return JsonError(400, "invalid_argument", "'text' is required");
    }
    if (action.kind == DeskAction::Kind::kTransfer && action.to_operator.empty() && action.department.empty()) {
      return JsonError(400, "invalid_argument", "a transfer names 'to_operator' or 'department'");
    }
    auto report = r_.desk->Act(a, action);
    if (!report.ok()) return adapters::StatusError(report.status());
    r_.hub->Wake();
    return JsonOk(Dump({{"session", action.session_id}, {"handed_off", report->handed_off},
                        {"operator_id", report->operator_id}, {"version", report->version}}));
  }

  HttpResponse Typing(const OperatorAccount& a, const HttpRequest& q) {
    const std::string& sid = q.captures.at(0);
    if (!adapters::IsSafeId(sid)) return JsonError(400, "invalid_argument", "bad conversation id");
    Status s = r_.desk->Typing(a, sid);
    if (!s.ok()) return adapters::StatusError(s);
    r_.hub->Wake();
    return JsonOk("{\"typing\":true}");
  }

  // Server-Sent Events: `event: chat` with {"session","queued","department",
  // "operator_id"} for each change to a chat the operator may see, and a comment
  // line every keepalive_ms so that proxies keep the connection and a gone client
  // is noticed.
  HttpResponse Events(const OperatorAccount& a, const HttpRequest&) {
    auto subscriber = r_.hub->SubscribeDesk();
    HttpResponse r;
    r.content_type = "text/event-stream";
    r.headers = {{"X-Accel-Buffering", "no"}};
    EventHub* hub = r_.hub;
    Desk* desk = r_.desk;
    const OperatorAccount* account = &a;
    const int keepalive = r_.keepalive_ms;
    auto started = std::make_shared<bool>(false);
    // Unsubscribes when the stream (and with it this guard) is destroyed.
    auto guard = std::shared_ptr<void>(nullptr, [hub, subscriber](void*) { hub->Unsubscribe(subscriber); });
    r.stream = [subscriber, desk, account, keepalive, started, guard](const std::function<bool(std::string_view)>& write) {
      if (!*started) {
        *started = true;
        return write("retry: 2000\n: connected\n\n");
      }
      std::vector<ChatChange> changes = subscriber->Wait(keepalive);
      if (subscriber->closed()) return false;
      std::string out;
      for (const ChatChange& c : changes) {
        QueueEntry e;
        e.department = c.department;
        e.operator_id = c.operator_id;
        if (!desk->Sees(*account, e)) continue;
        out += "event: chat\ndata: " +
               Dump({{"session", c.session_id}, {"queued", c.queued}, {"department", c.department},
                     {"operator_id", c.operator_id}}) +
               "\n\n";
      }
      if (out.empty()) out = ": ping\n\n";
      return write(out);
    };
    return r;
  }

  ConsoleRoutes r_;
  const Clock* clock_;
  const std::map<std::string, Asset> assets_;
};

}  // namespace

Status MountConsoleRoutes(adapters::Router& router, ConsoleRoutes routes) {
  std::map<std::string, Asset> assets;
  const std::pair<const char*, const char*> kFiles[] = {{"index.html", "text/html; charset=utf-8"},
                                                        {"console.js", "text/javascript; charset=utf-8"},
                                                        {"console.css", "text/css; charset=utf-8"}};
  for (auto [name, type] : kFiles) {
    std::ifstream in(routes.config->assets + "/" + name, std::ios::binary);
    if (!in) return Status::InvalidArgument("cannot read the console's " + routes.config->assets + "/" + name);
    std::ostringstream body;
    body << in.rdbuf();
    assets[name] = {type, body.str()};
  }
  Console::Mount(std::make_shared<Console>(std::move(routes), std::move(assets)), router);
  return Status::Ok();
}

}  // namespace switchboard::server
