// The Viber adapter (see viber_adapter.h).
#include "adapters/viber/viber_adapter.h"

#include "adapters/common/customer_sessions.h"
#include "adapters/common/delivery_progress.h"
#include "adapters/common/json_response.h"
#include "adapters/common/messenger_api.h"
#include "adapters/common/outbound_text.h"
#include "adapters/common/phone_link_questions.h"
#include "adapters/common/webhook_signature.h"
#include "adapters/viber/viber_event.h"
#include "adapters/viber/viber_outbound.h"

namespace switchboard::adapters {
namespace {

constexpr char kChannel[] = "viber";

class ViberAdapter final : public ChannelAdapter {
 public:
  ViberAdapter(AdapterHost* host, ViberOptions options, MessengerApi api)
      : host_(host), options_(std::move(options)), api_(std::move(api)), sessions_(host->customers()) {}

  std::string_view channel() const override { return kChannel; }
  bool paced() const override { return true; }

  void Mount(Router& router) override {
    router.Post(options_.webhook_path, [this](const HttpRequest& r) { return OnCallback(r); });
  }

  DeliveryOutcome Deliver(const OutboxMessage& message) override {
    auto reply = OutboundReplyFromJson(message.payload);
    if (!reply.ok()) return DeliveryOutcome::Permanent("unreadable outbox payload: " + reply.status().message());
    std::vector<std::string> bodies = RenderViberReply(reply->reply, message.recipient, options_.sender_name);
    const std::vector<std::pair<std::string, std::string>> headers = {{"X-Viber-Auth-Token", options_.auth_token}};
    int status = -1;
    DeliveryOutcome outcome = progress_.SendPieces(reply->delivery_id, bodies.size(), [&](size_t i) {
      return ViberOutcome(api_.Post("/send_message", "application/json", bodies[i], headers), &status);
    });
    if (outcome.kind == DeliveryOutcome::Kind::kPermanent && (status == 5 || status == 6)) {
      (void)host_->Note(message.session_id,
                        "Viber: the customer has unsubscribed from the bot (or blocked it); replies are not delivered.");
      outcome.reason = "blocked: " + outcome.reason;
    }
    return outcome;
  }

 private:
  HttpResponse OnCallback(const HttpRequest& request) {
    if (!SignatureMatches(request.Header("x-viber-content-signature"), "", options_.auth_token, request.body)) {
      return JsonError(403, "forbidden", "missing or wrong X-Viber-Content-Signature");
    }
    auto parsed = ParseViberEvent(request.body);
    if (!parsed.ok()) return JsonError(400, "invalid_argument", parsed.status().message());
    const ViberEvent& v = *parsed;
    if (v.kind == ViberEvent::Kind::kIgnored) return JsonOk("{\"status\":0}");
    if (v.kind == ViberEvent::Kind::kFailed) {
      auto session = sessions_.SessionFor(kChannel, v.user_id);
      if (session.ok()) (void)host_->Note(*session, "Viber: a reply could not be delivered (" + v.detail + ").");
      return JsonOk("{\"status\":0}");
    }
    InboundMessage m;
    m.channel = kChannel;
    m.user_id = v.user_id;
    m.message_id = "vb" + v.message_token;
    m.language = v.language;
    m.text = v.text;  // a button's label, a typed text, a contact's phone or a caption
    if (v.kind == ViberEvent::Kind::kUnsupported) m.content = v.content;
    auto session = sessions_.SessionFor(kChannel, v.user_id);
    if (!session.ok()) return StatusError(session.status());
    m.session_id = *session;
    auto report = host_->HandleTurn(m);
    if (!report.ok()) return StatusError(report.status());
    AskOwnerOfTypedPhone(host_, sessions_, v.user_id, m, *report);
    return JsonOk("{\"status\":0}");
  }

  AdapterHost* host_;
  ViberOptions options_;
  MessengerApi api_;
  CustomerSessions sessions_;
  DeliveryProgress progress_;
};

}  // namespace

Result<std::unique_ptr<ChannelAdapter>> NewViberAdapter(AdapterHost* host, ViberOptions options) {
  if (options.auth_token.empty()) return Status::InvalidArgument("viber: the auth token is empty");
  size_t name = TextLength(options.sender_name, TextUnit::kCodePoints);
  if (name < 1 || name > 28) return Status::InvalidArgument("viber: the sender name must be 1-28 characters");
  if (options.webhook_path.empty() || options.webhook_path[0] != '/') {
    return Status::InvalidArgument("viber: the webhook path must start with /");
  }
  auto api = MessengerApi::Open(options.api_base, options.api_timeout_ms);
  if (!api.ok()) return api.status();
  return std::unique_ptr<ChannelAdapter>(new ViberAdapter(host, std::move(options), std::move(*api)));
}

}  // namespace switchboard::adapters
