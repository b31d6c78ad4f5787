// The REST API adapter (see rest_adapter.h).
#include "adapters/rest/rest_adapter.h"

#include "adapters/common/customer_message.h"
#include "adapters/common/json_response.h"

namespace switchboard::adapters {
namespace {

constexpr char kConversation[] = "/api/v1/conversations/([^/]{1,200})";

class RestAdapter final : public ChannelAdapter {
 public:
  RestAdapter(AdapterHost* host, RestOptions options) : host_(host), options_(std::move(options)) {}

  std::string_view channel() const override { return "rest"; }

  void Mount(Router& router) override {
    router.Post(std::string(kConversation) + "/messages", [this](const HttpRequest& r) { return PostMessage(r); });
    router.Get(std::string(kConversation) + "/transcript", [this](const HttpRequest& r) { return GetTranscript(r); });
  }

  DeliveryOutcome Deliver(const OutboxMessage&) override { return DeliveryOutcome::Delivered(); }

 private:
  // An error response when the call may not go on.
  std::optional<HttpResponse> Refuse(const HttpRequest& request) const {
    if (auto refused = RefuseUnlessBearer(request, options_.api_keys, "a configured API key")) return refused;
    if (!IsSafeId(request.captures.at(0))) {
      return JsonError(400, "invalid_argument", "the conversation id must be 1-128 characters of A-Z a-z 0-9 _ . : -");
    }
    return std::nullopt;
  }

  HttpResponse PostMessage(const HttpRequest& request) {
    if (auto refused = Refuse(request)) return *refused;
    const std::string& id = request.captures[0];
    InboundMessage m;
    std::map<std::string, std::string> extra;
    Status parsed = ParseCustomerMessage(request.body, {.max_text_bytes = options_.max_text_bytes},
                                         {"user_id"}, &m, &extra);
    if (!parsed.ok()) return JsonError(400, "invalid_argument", parsed.message());
    m.session_id = "rest:" + id;
    m.channel = "rest";
    m.user_id = extra.count("user_id") ? extra["user_id"] : id;
    auto report = host_->HandleTurn(m);
    if (!report.ok()) return StatusError(report.status());
    return JsonOk(TurnToJson(*report, "conversation_id", id));
  }

  HttpResponse GetTranscript(const HttpRequest& request) {
    if (auto refused = Refuse(request)) return *refused;
    size_t from = 0, limit = 0;
    if (!ParseCount(request.Query("from"), 0, SIZE_MAX / 2, &from) ||
        !ParseCount(request.Query("limit"), 100, 1000, &limit) || limit == 0) {
      return JsonError(400, "invalid_argument", "'from' must be a number >= 0 and 'limit' a number in 1..1000");
    }
    auto page = host_->Transcript("rest:" + request.captures[0], from, limit);
    if (!page.ok()) return StatusError(page.status());
    return JsonOk(TranscriptToJson(*page, /*customer_view=*/false));
  }

  AdapterHost* host_;
  RestOptions options_;
};

}  // namespace

std::unique_ptr<ChannelAdapter> NewRestAdapter(AdapterHost* host, RestOptions options) {
  return std::make_unique<RestAdapter>(host, std::move(options));
}

}  // namespace switchboard::adapters
