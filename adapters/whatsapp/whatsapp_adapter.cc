// The WhatsApp adapter (see whatsapp_adapter.h).
#include "adapters/whatsapp/whatsapp_adapter.h"

#include <chrono>

#include "adapters/common/customer_sessions.h"
#include "adapters/common/delivery_progress.h"
#include "adapters/common/json_response.h"
#include "adapters/common/messenger_api.h"
#include "adapters/common/outbound_text.h"
#include "adapters/common/phone_link_questions.h"
#include "adapters/common/webhook_signature.h"
#include "adapters/whatsapp/whatsapp_outbound.h"
#include "adapters/whatsapp/whatsapp_webhook.h"

namespace switchboard::adapters {
namespace {

constexpr char kChannel[] = "whatsapp";
constexpr char kWindowField[] = "whatsapp_window:";  // + wa_id: the customer's last message, ms
constexpr int kClosedWindow = 131047;
constexpr int kUndeliverable = 131026;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FailureNote(int code, const std::string& detail) {
  if (code == kClosedWindow) {
    return "WhatsApp: a reply was not sent: more than 24 hours have passed since the customer's last "
           "message (outside the customer service window; only approved templates may be sent).";
  }
  if (code == kUndeliverable) {
    return "WhatsApp: a reply could not be delivered: the customer cannot be reached (they may have "
           "blocked the business).";
  }
  return "WhatsApp: a reply could not be delivered (" + detail + ").";
}

class WhatsAppAdapter final : public ChannelAdapter {
 public:
  WhatsAppAdapter(AdapterHost* host, WhatsAppOptions options, MessengerApi api)
      : host_(host), options_(std::move(options)), api_(std::move(api)), sessions_(host->customers()) {}

  std::string_view channel() const override { return kChannel; }
  bool paced() const override { return true; }

  void Mount(Router& router) override {
    router.Get(options_.webhook_path, [this](const HttpRequest& r) { return OnVerify(r); });
    router.Post(options_.webhook_path, [this](const HttpRequest& r) { return OnEvents(r); });
  }

  DeliveryOutcome Deliver(const OutboxMessage& message) override {
    auto reply = OutboundReplyFromJson(message.payload);
    if (!reply.ok()) return DeliveryOutcome::Permanent("unreadable outbox payload: " + reply.status().message());
    if (auto closed = WindowClosed(message)) return *closed;
    std::vector<std::string> bodies = RenderWhatsAppReply(reply->reply, message.recipient, options_.list_button);
    const std::vector<std::pair<std::string, std::string>> headers = {
        {"Authorization", "Bearer " + options_.access_token}};
    int code = 0;
    DeliveryOutcome outcome = progress_.SendPieces(reply->delivery_id, bodies.size(), [&](size_t i) {
      return WhatsAppOutcome(
          api_.Post("/" + options_.phone_number_id + "/messages", "application/json", bodies[i], headers), &code);
    });
    if (outcome.kind != DeliveryOutcome::Kind::kPermanent) return outcome;
    (void)host_->Note(message.session_id, FailureNote(code, outcome.reason));
    if (code == kClosedWindow) outcome.reason = "outside the 24-hour window: " + outcome.reason;
    if (code == kUndeliverable) outcome.reason = "unreachable or blocked: " + outcome.reason;
    return outcome;
  }

 private:
  // A permanent outcome when the customer's last message is older than the window.
  std::optional<DeliveryOutcome> WindowClosed(const OutboxMessage& message) {
    if (sessions_.store() == nullptr) return std::nullopt;
    auto customer = sessions_.CustomerFor(kChannel, message.recipient);
    if (!customer.ok()) return DeliveryOutcome::Retry("customer store: " + customer.status().message());
    auto profile = sessions_.store()->GetProfile(*customer);
    if (!profile.ok()) return DeliveryOutcome::Retry("customer store: " + profile.status().message());
    auto it = profile->find(kWindowField + message.recipient);
    if (it == profile->end()) return std::nullopt;  // not known here: the API will say
    int64_t last = std::strtoll(it->second.c_str(), nullptr, 10);
    if (NowMs() - last <= options_.window_ms) return std::nullopt;
    (void)host_->Note(message.session_id, FailureNote(kClosedWindow, ""));
    return DeliveryOutcome::Permanent("outside the 24-hour window: the customer last wrote " +
                                      std::to_string((NowMs() - last) / 3600000) + " h ago");
  }

  HttpResponse OnVerify(const HttpRequest& request) {
    if (request.Query("hub.mode") != "subscribe" ||
        !SecretEquals(request.Query("hub.verify_token"), options_.verify_token)) {
      return JsonError(403, "forbidden", "hub.mode must be subscribe and hub.verify_token the configured token");
    }
    return HttpResponse{.status = 200, .content_type = "text/plain", .body = request.Query("hub.challenge"),
                        .headers = {}};
  }

  HttpResponse OnEvents(const HttpRequest& request) {
    if (!SignatureMatches(request.Header("x-hub-signature-256"), "sha256=", options_.app_secret, request.body)) {
      return JsonError(401, "unauthorized", "missing or wrong X-Hub-Signature-256");
    }
    auto parsed = ParseWhatsAppWebhook(request.body, options_.phone_number_id);
    if (!parsed.ok()) return JsonError(400, "invalid_argument", parsed.status().message());
    for (const WhatsAppMessage& message : parsed->messages) {
      Status handled = Handle(message);
      if (!handled.ok()) return StatusError(handled);  // Meta retries; the done ones are duplicates then
    }
    for (const WhatsAppFailure& failure : parsed->failures) {
      auto session = sessions_.SessionFor(kChannel, failure.recipient);
      if (session.ok()) (void)host_->Note(*session, FailureNote(failure.code, failure.title));
    }
    return JsonOk("{\"ok\":true}");
  }

  Status Handle(const WhatsAppMessage& w) {
    InboundMessage m;
    m.channel = kChannel;
    m.user_id = w.from;
    m.message_id = w.id;
    switch (w.kind) {
      case WhatsAppMessage::Kind::kText:
      case WhatsAppMessage::Kind::kContact:  // a contact card's number fills a phone question
        m.text = w.text;
        break;
      case WhatsAppMessage::Kind::kButton:
        if (std::string typed = QuickReplyText(w.payload); !typed.empty()) {
          m.text = typed;
        } else {
          m.button_payload = w.payload.size() <= kMaxButtonPayloadBytes ? w.payload : "";
          m.text = w.text;
        }
        break;
      case WhatsAppMessage::Kind::kUnsupported:
        m.content = w.content;
        m.text = w.text;
        break;
    }
    std::string customer;
    if (sessions_.store() != nullptr) {
      auto found = sessions_.CustomerForVerifiedPhone(kChannel, w.from, w.from);
      if (!found.ok()) return found.status();
      customer = *found;
      m.session_id = CustomerSessions::SessionOf(customer);
    } else {
      m.session_id = std::string(kChannel) + ":" + w.from;
    }
    if (!customer.empty()) {
      // Before the turn: its replies may be delivered before HandleTurn returns.
      int64_t now = NowMs();
      int64_t sent = w.timestamp_s > 0 ? std::min(w.timestamp_s * 1000, now) : now;
      Status kept = sessions_.store()->SetProfile(customer, {{kWindowField + w.from, std::to_string(sent)}});
      if (!kept.ok()) return kept;
    }
    auto report = host_->HandleTurn(m);
    if (!report.ok()) return report.status();
    AskOwnerOfTypedPhone(host_, sessions_, w.from, m, *report);
    return Status::Ok();
  }

  AdapterHost* host_;
  WhatsAppOptions options_;
  MessengerApi api_;
  CustomerSessions sessions_;
  DeliveryProgress progress_;
};

}  // namespace

Result<std::unique_ptr<ChannelAdapter>> NewWhatsAppAdapter(AdapterHost* host, WhatsAppOptions options) {
  if (options.access_token.empty()) return Status::InvalidArgument("whatsapp: the access token is empty");
  if (options.app_secret.empty()) return Status::InvalidArgument("whatsapp: the app secret is empty");
  if (options.verify_token.empty()) return Status::InvalidArgument("whatsapp: the verify token is empty");
  if (options.phone_number_id.empty() ||
      options.phone_number_id.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument("whatsapp: the phone number id must be digits");
  }
  if (options.webhook_path.empty() || options.webhook_path[0] != '/') {
    return Status::InvalidArgument("whatsapp: the webhook path must start with /");
  }
  auto api = MessengerApi::Open(options.api_base, options.api_timeout_ms);
  if (!api.ok()) return api.status();
  return std::unique_ptr<ChannelAdapter>(new WhatsAppAdapter(host, std::move(options), std::move(*api)));
}

}  // namespace switchboard::adapters
