// The VK adapter (see vk_adapter.h).
#include "adapters/vk/vk_adapter.h"

#include "adapters/common/customer_sessions.h"
#include "adapters/common/delivery_progress.h"
#include "adapters/common/json_response.h"
#include "adapters/common/messenger_api.h"
#include "adapters/common/outbound_text.h"
#include "adapters/common/phone_link_questions.h"
#include "adapters/vk/vk_event.h"
#include "adapters/vk/vk_outbound.h"

namespace switchboard::adapters {
namespace {

constexpr char kChannel[] = "vk";

HttpResponse PlainText(int status, std::string body) {
  return HttpResponse{.status = status, .content_type = "text/plain", .body = std::move(body), .headers = {}};
}

class VkAdapter final : public ChannelAdapter {
 public:
  VkAdapter(AdapterHost* host, VkOptions options, MessengerApi api)
      : host_(host), options_(std::move(options)), api_(std::move(api)), sessions_(host->customers()) {}

  std::string_view channel() const override { return kChannel; }
  bool paced() const override { return true; }

  void Mount(Router& router) override {
    router.Post(options_.webhook_path, [this](const HttpRequest& r) { return OnNotification(r); });
  }

  DeliveryOutcome Deliver(const OutboxMessage& message) override {
    auto reply = OutboundReplyFromJson(message.payload);
    if (!reply.ok()) return DeliveryOutcome::Permanent("unreadable outbox payload: " + reply.status().message());
    std::vector<FormFields> calls = RenderVkReply(reply->reply, message.recipient, reply->delivery_id);
    int code = 0;
    DeliveryOutcome outcome = progress_.SendPieces(reply->delivery_id, calls.size(), [&](size_t i) {
      FormFields fields = calls[i];
      fields.emplace_back("access_token", options_.access_token);
      fields.emplace_back("v", options_.api_version);
      return VkOutcome(api_.PostForm("/messages.send", fields), &code);
    });
    if (outcome.kind == DeliveryOutcome::Kind::kPermanent && (code == 901 || code == 902)) {
      (void)host_->Note(message.session_id,
                        "VK: the customer does not accept messages from the community; replies are not delivered.");
      outcome.reason = "blocked: " + outcome.reason;
    }
    return outcome;
  }

 private:
  HttpResponse OnNotification(const HttpRequest& request) {
    auto parsed = ParseVkEvent(request.body);
    if (!parsed.ok()) return JsonError(400, "invalid_argument", parsed.status().message());
    const VkEvent& v = *parsed;
    if (!SecretEquals(v.secret, options_.secret) || v.group_id != options_.group_id) {
      return PlainText(403, "bad secret or community");
    }
    if (v.kind == VkEvent::Kind::kConfirmation) return PlainText(200, options_.confirmation);
    if (v.kind == VkEvent::Kind::kIgnored) return PlainText(200, "ok");

    InboundMessage m;
    m.channel = kChannel;
    m.user_id = v.peer_id;
    m.message_id = "vk" + v.event_id;
    m.text = v.text;
    if (v.kind == VkEvent::Kind::kUnsupported) {
      m.content = v.content;
    } else if (std::string typed = QuickReplyText(v.payload); !typed.empty()) {
      m.text = typed;
    } else if (!v.payload.empty() && v.payload.size() <= kMaxButtonPayloadBytes) {
      m.button_payload = v.payload;
    }
    auto session = sessions_.SessionFor(kChannel, v.from_id);
    if (!session.ok()) return StatusError(session.status());
    m.session_id = *session;
    auto report = host_->HandleTurn(m);
    if (!report.ok()) return StatusError(report.status());
    AskOwnerOfTypedPhone(host_, sessions_, v.from_id, m, *report);
    return PlainText(200, "ok");
  }

  AdapterHost* host_;
  VkOptions options_;
  MessengerApi api_;
  CustomerSessions sessions_;
  DeliveryProgress progress_;
};

}  // namespace

Result<std::unique_ptr<ChannelAdapter>> NewVkAdapter(AdapterHost* host, VkOptions options) {
  if (options.access_token.empty()) return Status::InvalidArgument("vk: the access token is empty");
  if (options.secret.empty()) return Status::InvalidArgument("vk: the secret key is empty");
  if (options.confirmation.empty()) return Status::InvalidArgument("vk: the confirmation string is empty");
  if (options.group_id.empty() || options.group_id.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument("vk: the group id must be digits");
  }
  if (options.webhook_path.empty() || options.webhook_path[0] != '/') {
    return Status::InvalidArgument("vk: the webhook path must start with /");
  }
  auto api = MessengerApi::Open(options.api_base, options.api_timeout_ms);
  if (!api.ok()) return api.status();
  return std::unique_ptr<ChannelAdapter>(new VkAdapter(host, std::move(options), std::move(*api)));
}

}  // namespace switchboard::adapters
