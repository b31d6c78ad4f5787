// The Telegram adapter (see telegram_adapter.h).
#include "adapters/telegram/telegram_adapter.h"

#include <nlohmann/json.hpp>

#include "adapters/common/customer_sessions.h"
#include "adapters/common/delivery_progress.h"
#include "adapters/common/json_response.h"
#include "adapters/common/messenger_api.h"
#include "adapters/common/outbound_text.h"
#include "adapters/common/phone_link_questions.h"
#include "adapters/telegram/telegram_outbound.h"
#include "adapters/telegram/telegram_update.h"

namespace switchboard::adapters {
namespace {

constexpr char kChannel[] = "telegram";
constexpr char kSecretHeader[] = "x-telegram-bot-api-secret-token";

bool ValidSecretToken(const std::string& s) {
  if (s.empty() || s.size() > 256) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

HttpResponse Acknowledged(std::string_view ignored = "") {
  if (ignored.empty()) return JsonOk("{\"ok\":true}");
  return JsonOk(nlohmann::json{{"ok", true}, {"ignored", ignored}}.dump());
}

class TelegramAdapter final : public ChannelAdapter {
 public:
  TelegramAdapter(AdapterHost* host, TelegramOptions options, MessengerApi api)
      : host_(host), options_(std::move(options)), api_(std::move(api)), sessions_(host->customers()) {}

  std::string_view channel() const override { return kChannel; }
  bool paced() const override { return true; }

  void Mount(Router& router) override {
    router.Post(options_.webhook_path, [this](const HttpRequest& r) { return OnUpdate(r); });
  }

  DeliveryOutcome Deliver(const OutboxMessage& message) override {
    auto reply = OutboundReplyFromJson(message.payload);
    if (!reply.ok()) return DeliveryOutcome::Permanent("unreadable outbox payload: " + reply.status().message());
    std::vector<TelegramCall> calls = RenderTelegramReply(reply->reply, message.recipient);
    bool blocked = false;
    DeliveryOutcome outcome = progress_.SendPieces(reply->delivery_id, calls.size(), [&](size_t i) {
      return TelegramOutcome(Call(calls[i].method, calls[i].body), &blocked);
    });
    if (blocked) {
      (void)host_->Note(message.session_id,
                        "Telegram: the customer has blocked the bot; replies to this chat are not delivered.");
      outcome.reason = "blocked: " + outcome.reason;
    }
    return outcome;
  }

 private:
  ApiResponse Call(const std::string& method, const std::string& body) const {
    return api_.Post("/bot" + options_.bot_token + "/" + method, "application/json", body);
  }

  HttpResponse OnUpdate(const HttpRequest& request) {
    if (!SecretEquals(request.Header(kSecretHeader), options_.secret_token)) {
      return JsonError(401, "unauthorized", "missing or wrong X-Telegram-Bot-Api-Secret-Token");
    }
    auto parsed = ParseTelegramUpdate(request.body);
    if (!parsed.ok()) return JsonError(400, "invalid_argument", parsed.status().message());
    const TelegramUpdate& u = *parsed;
    if (u.kind == TelegramUpdate::Kind::kIgnored) return Acknowledged(u.ignored);

    InboundMessage m;
    m.channel = kChannel;
    m.user_id = u.chat_id;
    m.message_id = "tg" + std::to_string(u.update_id);
    m.language = u.language;
    switch (u.kind) {
      case TelegramUpdate::Kind::kText:
        if (u.text == "/start" || u.text.starts_with("/start ")) {
          m.start = true;
        }
        m.text = u.text;
        break;
      case TelegramUpdate::Kind::kButton:
        // Answered first: the spinner stops, and a late answer would be refused.
        (void)Call("answerCallbackQuery", nlohmann::json{{"callback_query_id", u.callback_id}}.dump());
        if (std::string typed = QuickReplyText(u.callback_data); !typed.empty()) {
          m.text = typed;
        } else {
          m.button_payload = u.callback_data;
        }
        break;
      case TelegramUpdate::Kind::kContact:
        m.text = u.contact_phone;  // fills a phone question like a typed number
        break;
      case TelegramUpdate::Kind::kUnsupported:
        m.content = u.content;
        m.text = u.text;  // a caption
        break;
      case TelegramUpdate::Kind::kIgnored:
        break;
    }
    auto session = sessions_.SessionFor(kChannel, u.from_id);
    if (!session.ok()) return StatusError(session.status());
    m.session_id = *session;
    auto report = host_->HandleTurn(m);
    if (!report.ok()) return StatusError(report.status());
    if (!(u.kind == TelegramUpdate::Kind::kContact && u.contact_is_sender)) {
      AskOwnerOfTypedPhone(host_, sessions_, u.from_id, m, *report);
    }
    if (u.kind == TelegramUpdate::Kind::kContact && u.contact_is_sender) {
      Status linked = sessions_.LinkVerifiedPhone(kChannel, u.from_id, u.contact_phone);
      // Unavailable: Telegram retries; the turn is a duplicate then, and the link is made.
      if (linked.code() == StatusCode::kUnavailable) return StatusError(linked);
    }
    return Acknowledged();
  }

  AdapterHost* host_;
  TelegramOptions options_;
  MessengerApi api_;
  CustomerSessions sessions_;
  DeliveryProgress progress_;
};

}  // namespace

Result<std::unique_ptr<ChannelAdapter>> NewTelegramAdapter(AdapterHost* host, TelegramOptions options) {
  if (options.bot_token.empty()) return Status::InvalidArgument("telegram: the bot token is empty");
  if (!ValidSecretToken(options.secret_token)) {
    return Status::InvalidArgument("telegram: the secret token must be 1-256 characters of A-Z a-z 0-9 _ -");
  }
  if (options.webhook_path.empty() || options.webhook_path[0] != '/') {
    return Status::InvalidArgument("telegram: the webhook path must start with /");
  }
  auto api = MessengerApi::Open(options.api_base, options.api_timeout_ms);
  if (!api.ok()) return api.status();
  return std::unique_ptr<ChannelAdapter>(new TelegramAdapter(host, std::move(options), std::move(*api)));
}

}  // namespace switchboard::adapters
