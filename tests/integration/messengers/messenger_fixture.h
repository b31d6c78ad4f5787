// A real `switchboard serve` with the Telegram, WhatsApp, Viber and VK channels on, pointed
// at local fakes of their APIs, running a small salon bot (a greeting with
// buttons, prices in two messages, a booking form that asks for a service, a
// phone and a name). Conversations live in the test Redis under a key prefix of
// their own. Helpers post webhooks the way each platform does.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/common/customer_sessions.h"
#include "adapters/common/webhook_signature.h"
#include "integration/messengers/fake_telegram_api.h"
#include "integration/messengers/fake_viber_api.h"
#include "integration/messengers/fake_vk_api.h"
#include "integration/messengers/fake_whatsapp_api.h"
#include "integration/redis/redis_test_env.h"
#include "integration/server/server_fixture.h"
#include "support/temp_flows.h"

namespace switchboard::testing {

inline constexpr char kBotToken[] = "123456:TEST-token_for-the-fake";
inline constexpr char kTelegramSecret[] = "tg_S3cret-token";
inline constexpr char kWhatsAppToken[] = "EAAG-test-access-token";
inline constexpr char kAppSecret[] = "meta-app-secret-for-tests";
inline constexpr char kVerifyToken[] = "lumi-verify-token";
inline constexpr char kPhoneNumberId[] = "106540352242922";
inline constexpr char kVkToken[] = "vk1.a.community-token-for-tests";
inline constexpr char kVkSecret[] = "vkS3cret";
inline constexpr char kVkConfirmation[] = "a1b2c3d4";
inline constexpr char kVkGroup[] = "123456789";
inline constexpr char kViberToken[] = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9";

inline constexpr char kSalonBot[] = R"(
bot: {start: greet, default_language: en}
flows:
  - id: greet
    steps:
      - say: "Hello! What would you like?"
        buttons:
          - {label: "Book", goto: booking.start}
          - {label: "Prices", goto: prices.show}
  - id: prices
    triggers: {keywords: [prices, price]}
    steps:
      - id: show
        say: "A haircut is 1500."
      - say: "Colouring is 3000."
  - id: booking
    triggers: {keywords: [book]}
    steps:
      - id: start
        ask: service
        type: choice
        prompt: "Which service?"
        options:
          - {value: cut, label: "Haircut"}
          - {value: color, label: "Colouring"}
      - ask: phone
        type: phone
        prompt: "Your phone number?"
      - ask: name
        type: text
        prompt: "Your name?"
      - say: "Booked {{service}} for {{name}}, {{phone}}."
)";

class MessengerServer {
 public:
  // `bot`: the flows; `extra_config`: more top-level sections of the configuration
  // (a console, say).
  explicit MessengerServer(const std::string& bot = kSalonBot, const std::string& extra_config = "")
      : telegram_(kBotToken), whatsapp_(kWhatsAppToken, kPhoneNumberId), viber_(kViberToken), vk_(kVkToken),
        prefix_(UniquePrefix()) {
    flows_.Write("bot.yaml", bot);
    setenv("SB_TEST_TG_TOKEN", kBotToken, 1);
    setenv("SB_TEST_TG_SECRET", kTelegramSecret, 1);
    setenv("SB_TEST_WA_TOKEN", kWhatsAppToken, 1);
    setenv("SB_TEST_WA_SECRET", kAppSecret, 1);
    setenv("SB_TEST_WA_VERIFY", kVerifyToken, 1);
    setenv("SB_TEST_VIBER_TOKEN", kViberToken, 1);
    setenv("SB_TEST_VK_TOKEN", kVkToken, 1);
    setenv("SB_TEST_VK_SECRET", kVkSecret, 1);
    setenv("SB_TEST_VK_CONFIRMATION", kVkConfirmation, 1);
    setenv("SB_TEST_WEBCHAT_SECRET", "webchat-secret-for-tests", 1);
    static std::atomic<int> counter{0};
    config_path_ = std::filesystem::temp_directory_path() /
                   ("sb-messengers-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".yaml");
    std::ofstream(config_path_)
        << "listen: 127.0.0.1:0\n"
        << "store: " << TestRedisUrl() << "\n"
        << "store_key_prefix: \"" << prefix_ << "\"\n"
        << "flows: " << flows_.path() << "\n"
        << "flows_watch_ms: 0\n"
        << "delivery: {workers: 1, poll_ms: 5, retry_backoff_ms: 5, attempts_per_read: 3, max_deliveries: 5,\n"
        << "           per_recipient_interval_ms: 0}\n"
        << "channels:\n"
        << "  webchat: {secret_env: SB_TEST_WEBCHAT_SECRET}\n"
        << "  telegram:\n"
        << "    token_env: SB_TEST_TG_TOKEN\n"
        << "    secret_token_env: SB_TEST_TG_SECRET\n"
        << "    api_base: " << telegram_.origin() << "\n"
        << "  whatsapp:\n"
        << "    access_token_env: SB_TEST_WA_TOKEN\n"
        << "    app_secret_env: SB_TEST_WA_SECRET\n"
        << "    verify_token_env: SB_TEST_WA_VERIFY\n"
        << "    phone_number_id: \"" << kPhoneNumberId << "\"\n"
        << "    api_base: " << whatsapp_.origin() << "/v23.0\n"
        << "  viber:\n"
        << "    auth_token_env: SB_TEST_VIBER_TOKEN\n"
        << "    sender_name: Studio Lumi\n"
        << "    api_base: " << viber_.origin() << "/pa\n"
        << "  vk:\n"
        << "    access_token_env: SB_TEST_VK_TOKEN\n"
        << "    secret_env: SB_TEST_VK_SECRET\n"
        << "    confirmation_env: SB_TEST_VK_CONFIRMATION\n"
        << "    group_id: \"" << kVkGroup << "\"\n"
        << "    api_base: " << vk_.origin() << "/method\n"
        << "logging: {level: error}\n"
        << extra_config;
    server_ = StartConfiguredServer(config_path_.string(), &port_);
  }
  ~MessengerServer() {
    server_.reset();
    std::filesystem::remove(config_path_);
    RawRedis(TestRedisUrl()).DeleteKeys(prefix_);
  }

  FakeTelegramApi& telegram() { return telegram_; }
  FakeWhatsAppApi& whatsapp() { return whatsapp_; }
  FakeViberApi& viber() { return viber_; }
  FakeVkApi& vk() { return vk_; }
  server::Server& server() { return *server_; }

  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }

  // Posts a Telegram Update with the secret token header (`secret` "" leaves it out).
  httplib::Result PostTelegram(const nlohmann::json& update, const std::string& secret = kTelegramSecret) {
    httplib::Headers h;
    if (!secret.empty()) h.emplace("X-Telegram-Bot-Api-Secret-Token", secret);
    return Client().Post("/hooks/telegram", h, update.dump(), "application/json");
  }

  // Posts a WhatsApp webhook body signed as Meta signs it (`key` "" leaves the signature out).
  httplib::Result PostWhatsApp(const std::string& body, const std::string& key = kAppSecret) {
    httplib::Headers h;
    if (!key.empty()) h.emplace("X-Hub-Signature-256", "sha256=" + adapters::HmacSha256Hex(key, body));
    return Client().Post("/hooks/whatsapp", h, body, "application/json");
  }

  // Posts a Viber callback signed as Viber signs it (`key` "" leaves the signature out).
  httplib::Result PostViber(const std::string& body, const std::string& key = kViberToken) {
    httplib::Headers h;
    if (!key.empty()) h.emplace("X-Viber-Content-Signature", adapters::HmacSha256Hex(key, body));
    return Client().Post("/hooks/viber", h, body, "application/json");
  }

  // Posts a VK Callback API notification (the secret is in the body).
  httplib::Result PostVk(const nlohmann::json& notification) {
    return Client().Post("/hooks/vk", notification.dump(), "application/json");
  }

  // The conversation of a channel identity, as the adapters key it.
  std::string SessionOf(const std::string& channel, const std::string& user) {
    adapters::CustomerSessions sessions(&server_->store());
    auto session = sessions.SessionFor(channel, user);
    REQUIRE(session.ok());
    return *session;
  }

  std::vector<Event> Transcript(const std::string& session) {
    auto page = server_->engine().Transcript(session, 0, 1000);
    if (!page.ok()) return {};
    return page->events;
  }

 private:
  TempFlows flows_;
  FakeTelegramApi telegram_;
  FakeWhatsAppApi whatsapp_;
  FakeViberApi viber_;
  FakeVkApi vk_;
  std::string prefix_;
  std::filesystem::path config_path_;
  std::unique_ptr<server::Server> server_;
  int port_ = 0;
};

// Telegram Updates as the Bot API documents them.
inline nlohmann::json TelegramUser(int64_t id) {
  return {{"id", id}, {"is_bot", false}, {"first_name", "Anna"}, {"language_code", "en"}};
}
inline nlohmann::json TelegramMessage(int64_t update_id, int64_t user, nlohmann::json fields,
                                      const std::string& chat_type = "private") {
  nlohmann::json message = {{"message_id", update_id * 10},
                            {"from", TelegramUser(user)},
                            {"chat", {{"id", user}, {"type", chat_type}, {"first_name", "Anna"}}},
                            {"date", 1767225600}};
  message.update(fields);
  return {{"update_id", update_id}, {"message", message}};
}
inline nlohmann::json TelegramText(int64_t update_id, int64_t user, const std::string& text) {
  return TelegramMessage(update_id, user, {{"text", text}});
}
inline nlohmann::json TelegramCallback(int64_t update_id, int64_t user, const std::string& id, const std::string& data) {
  return {{"update_id", update_id},
          {"callback_query",
           {{"id", id},
            {"from", TelegramUser(user)},
            {"message", {{"message_id", 44}, {"chat", {{"id", user}, {"type", "private"}}}, {"date", 1767225700},
                         {"text", "Which?"}}},
            {"chat_instance", "-8071623422337418"},
            {"data", data}}}};
}
inline nlohmann::json TelegramContact(int64_t update_id, int64_t user, const std::string& phone, int64_t contact_user) {
  return TelegramMessage(update_id, user,
                         {{"contact", {{"phone_number", phone}, {"first_name", "Anna"}, {"user_id", contact_user}}}});
}

// WhatsApp webhooks as the Cloud API documents them: one message from `from`, sent now.
inline std::string WhatsAppWebhook(const std::string& id, const std::string& from, nlohmann::json fields) {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  nlohmann::json message = {{"from", from}, {"id", id}, {"timestamp", std::to_string(now)}};
  message.update(fields);
  nlohmann::json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550783881"}, {"phone_number_id", kPhoneNumberId}}},
      {"contacts", {{{"profile", {{"name", "Anna"}}}, {"wa_id", from}}}},
      {"messages", {message}}};
  return nlohmann::json{{"object", "whatsapp_business_account"},
                        {"entry", {{{"id", "1"}, {"changes", {{{"field", "messages"}, {"value", value}}}}}}}}
      .dump();
}
inline std::string WhatsAppText(const std::string& id, const std::string& from, const std::string& text) {
  return WhatsAppWebhook(id, from, {{"type", "text"}, {"text", {{"body", text}}}});
}
// A press of a reply button (interactive button_reply).
inline std::string WhatsAppButtonReply(const std::string& id, const std::string& from, const std::string& button_id,
                                       const std::string& title) {
  return WhatsAppWebhook(id, from, {{"type", "interactive"},
                                    {"interactive", {{"type", "button_reply"},
                                                     {"button_reply", {{"id", button_id}, {"title", title}}}}}});
}

// The callback_data of the button labelled `label` in a sent message, or "".
inline std::string CallbackData(const nlohmann::json& sent, const std::string& label) {
  if (!sent.contains("reply_markup")) return "";
  for (const auto& row : sent["reply_markup"]["inline_keyboard"]) {
    for (const auto& b : row) {
      if (b.value("text", "") == label && b.contains("callback_data")) return b["callback_data"];
    }
  }
  return "";
}

// Events of `type` in a transcript.
inline std::vector<Event> OfType(const std::vector<Event>& events, EventType type) {
  std::vector<Event> out;
  for (const Event& e : events) {
    if (e.type == type) out.push_back(e);
  }
  return out;
}

}  // namespace switchboard::testing
