// The web chat adapter (see webchat_adapter.h).
#include "adapters/webchat/webchat_adapter.h"

#include <fstream>
#include <memory>
#include <map>
#include <sstream>

#include "adapters/common/customer_message.h"
#include "adapters/common/json_response.h"
#include "adapters/webchat/visitor_token.h"

namespace switchboard::adapters {
namespace {

struct Asset {
  std::string content_type;
  std::string body;
};

class WebChatAdapter final : public ChannelAdapter {
 public:
  WebChatAdapter(AdapterHost* host, WebChatOptions options, std::map<std::string, Asset> assets)
      : host_(host), options_(std::move(options)), assets_(std::move(assets)) {}

  std::string_view channel() const override { return "webchat"; }

  // The API answers any site that embeds the chat: it takes no cookies, only the
  // visitor token in the body or the query.
  static HttpResponse Api(HttpResponse r) {
    r.headers.push_back({"Access-Control-Allow-Origin", "*"});
    return r;
  }

  void Mount(Router& router) override {
    router.Get("/", [](const HttpRequest&) {
      return HttpResponse{.status = 302, .content_type = "text/plain", .body = "", .headers = {{"Location", "/chat/"}}};
    });
    router.Get("/chat/?", [this](const HttpRequest&) { return Serve("index.html"); });
    router.Get("/chat/(chat\\.js|chat\\.css)", [this](const HttpRequest& r) { return Serve(r.captures.at(0)); });
    router.Post("/chat/api/visitor", [this](const HttpRequest&) {
      std::string token = NewVisitorToken(options_.secret);
      if (token.empty()) return Api(JsonError(500, "internal", "no randomness for a visitor token"));
      return Api(JsonOk("{\"visitor\":\"" + token + "\"}", 201));
    });
    router.Post("/chat/api/messages", [this](const HttpRequest& r) { return Api(PostMessage(r)); });
    router.Get("/chat/api/transcript", [this](const HttpRequest& r) { return Api(GetTranscript(r)); });
    router.Get("/chat/api/events", [this](const HttpRequest& r) { return Api(Events(r)); });
  }

  // The page reads replies from the transcript; there is nothing to push.
  DeliveryOutcome Deliver(const OutboxMessage&) override { return DeliveryOutcome::Delivered(); }

 private:
  HttpResponse Serve(const std::string& name) const {
    const Asset& a = assets_.at(name);
    return HttpResponse{.status = 200, .content_type = a.content_type, .body = a.body,
                        .headers = {{"Cache-Control", "no-cache"},
                                    {"X-Content-Type-Options", "nosniff"},
                                    {"Content-Security-Policy",
                                     "default-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors *"}}};
  }

  static HttpResponse BadVisitor() {
    return JsonError(401, "unauthorized", "the visitor token is missing or not signed by this server");
  }

  HttpResponse PostMessage(const HttpRequest& request) {
    InboundMessage m;
    std::map<std::string, std::string> extra;
    Status parsed = ParseCustomerMessage(request.body, {.max_text_bytes = options_.max_text_bytes},
                                         {"visitor"}, &m, &extra);
    if (!parsed.ok()) return JsonError(400, "invalid_argument", parsed.message());
    auto visitor = VerifyVisitorToken(options_.secret, extra["visitor"]);
    if (!visitor) return BadVisitor();
    m.session_id = "web:" + *visitor;
    m.channel = "webchat";
    m.user_id = *visitor;
    auto report = host_->HandleTurn(m);
    if (!report.ok()) return StatusError(report.status());
    return JsonOk(TurnToJson(*report, "visitor", *visitor));
  }

  HttpResponse GetTranscript(const HttpRequest& request) {
    auto visitor = VerifyVisitorToken(options_.secret, request.Query("visitor"));
    if (!visitor) return BadVisitor();
    size_t from = 0;
    if (!ParseCount(request.Query("from"), 0, SIZE_MAX / 2, &from)) {
      return JsonError(400, "invalid_argument", "'from' must be a number >= 0");
    }
    auto page = host_->Transcript("web:" + *visitor, from, 200);
    if (!page.ok()) return StatusError(page.status());
    HttpResponse r = JsonOk(TranscriptToJson(*page, /*customer_view=*/true));
    r.headers.push_back({"Cache-Control", "no-store"});
    // The page polls every 1.5 s, which would keep its keep-alive connection, and
    // with it one of the server's worker threads, for as long as it stays open.
    // Closing after each poll lets the threads serve any number of open pages.
    r.headers.push_back({"Connection", "close"});
    return r;
  }

  // Server-Sent Events for the visitor's page: `event: changed` when something was
  // committed to the conversation (the page reads the transcript from where it is),
  // `event: typing` while an operator types, a comment line every 15 s. 503 when
  // the server allows no more streams: the page polls instead.
  HttpResponse Events(const HttpRequest& request) {
    auto visitor = VerifyVisitorToken(options_.secret, request.Query("visitor"));
    if (!visitor) return BadVisitor();
    std::shared_ptr<ConversationWatch> watch = host_->FollowConversation("web:" + *visitor);
    if (!watch) return JsonError(503, "unavailable", "no live updates now: poll the transcript");
    HttpResponse r;
    r.content_type = "text/event-stream";
    r.headers = {{"Cache-Control", "no-store"}, {"X-Accel-Buffering", "no"}};
    auto started = std::make_shared<bool>(false);
    r.stream = [watch, started](const std::function<bool(std::string_view)>& write) {
      if (!*started) {
        *started = true;
        return write("retry: 3000\n: connected\n\n");
      }
      std::vector<std::string> happened = watch->Wait(15000);
      if (watch->closed()) return false;
      std::string out;
      for (const std::string& what : happened) {
        if (what == "changed" || what == "typing") out += "event: " + what + "\ndata: {}\n\n";
      }
      return write(out.empty() ? ": ping\n\n" : out);
    };
    return r;
  }

  AdapterHost* host_;
  WebChatOptions options_;
  const std::map<std::string, Asset> assets_;
};

}  // namespace

Result<std::unique_ptr<ChannelAdapter>> NewWebChatAdapter(AdapterHost* host, WebChatOptions options) {
  if (options.secret.empty()) return Status::InvalidArgument("the web chat needs a secret to sign visitor tokens");
  std::map<std::string, Asset> assets;
  const std::pair<const char*, const char*> kFiles[] = {{"index.html", "text/html; charset=utf-8"},
                                                        {"chat.js", "text/javascript; charset=utf-8"},
                                                        {"chat.css", "text/css; charset=utf-8"}};
  for (auto [name, type] : kFiles) {
    std::ifstream in(options.assets_dir + "/" + name, std::ios::binary);
    if (!in) return Status::InvalidArgument("cannot read the web chat's " + options.assets_dir + "/" + name);
    std::ostringstream body;
    body << in.rdbuf();
    assets[name] = {type, body.str()};
  }
  return std::unique_ptr<ChannelAdapter>(
      std::make_unique<WebChatAdapter>(host, std::move(options), std::move(assets)));
}

}  // namespace switchboard::adapters
