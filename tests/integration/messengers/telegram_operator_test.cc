// A customer on Telegram (a local fake of the Bot API) and an operator in the
// console of the same server: the handoff reaches the operator's queue with the
// transcript, the operator's reply reaches the customer's Telegram chat, the
// customer's answer reaches the operator, and the operator hands the chat back.
#include <doctest/doctest.h>

#include "integration/messengers/messenger_fixture.h"
#include "server/console/operator_auth.h"

namespace switchboard::testing {
namespace {

constexpr int64_t kIvan = 555000111;

const std::string kBotWithOperator = std::string(kSalonBot) + R"(
  - id: operator
    triggers: {keywords: [human, operator]}
    steps:
      - handoff: {reason: operator, department: support}
        say: "I'm passing the chat to an operator."
)";

std::string ConsoleSection() {
  static const std::string hash = server::HashPassword("operator-password");
  setenv("SB_TEST_CONSOLE_SECRET", "console-secret-for-tests", 1);
  return "console:\n"
         "  session_secret_env: SB_TEST_CONSOLE_SECRET\n"
         "  routing: manual\n"
         "  departments: [\"\", support]\n"
         "  operators:\n"
         "    - {id: olga, departments: [support], password_hash: \"" + hash + "\"}\n";
}

nlohmann::json Json(const httplib::Result& r) {
  REQUIRE(r);
  INFO(r->body);
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  REQUIRE(!j.is_discarded());
  return j;
}

// True once a message with `text` was sent to the chat.
bool SentTo(MessengerServer& s, int64_t chat, const std::string& text) {
  for (const auto& m : s.telegram().Sent(chat)) {
    if (m.value("text", "") == text) return true;
  }
  return false;
}

bool SaysSomewhere(const nlohmann::json& events, const std::string& text) {
  for (const auto& e : events) {
    if (e.value("text", "") == text) return true;
  }
  return false;
}

TEST_CASE("Telegram and the console: an operator answers a Telegram customer and hands the chat back") {
  MessengerServer s(kBotWithOperator, ConsoleSection());
  REQUIRE(s.PostTelegram(TelegramText(1, kIvan, "/start"))->status == 200);
  REQUIRE(s.PostTelegram(TelegramText(2, kIvan, "I want a human"))->status == 200);
  CHECK(PollUntil([&] { return SentTo(s, kIvan, "I'm passing the chat to an operator."); }, 15000));

  auto client = s.Client();
  auto login = client.Post("/console/api/login", R"({"operator":"olga","password":"operator-password"})",
                           "application/json");
  std::string token = Json(login)["token"];
  httplib::Headers auth{{"Authorization", "Bearer " + token}};

  // The chat waits in the support queue, with what the customer wrote.
  const std::string session = s.SessionOf("telegram", std::to_string(kIvan));
  auto queue = Json(client.Get("/console/api/queue", auth));
  REQUIRE(queue["waiting"].size() == 1);
  CHECK(queue["waiting"][0]["session"] == session);
  CHECK(SaysSomewhere(Json(client.Get(("/console/api/chats/" + session).c_str(), auth))["events"], "I want a human"));

  // Taken and answered: the reply goes out through the Bot API to the customer's chat.
  const std::string path = "/console/api/chats/" + session;
  REQUIRE(client.Post((path + "/take").c_str(), auth, "{}", "application/json")->status == 200);
  REQUIRE(client.Post((path + "/reply").c_str(), auth, R"({"text":"Hello, Ivan! Olga here."})", "application/json")
              ->status == 200);
  CHECK(PollUntil([&] { return SentTo(s, kIvan, "Hello, Ivan! Olga here."); }, 15000));

  // The customer's answer goes to the operator, not the bot.
  const size_t sent_before = s.telegram().Sent(kIvan).size();
  REQUIRE(s.PostTelegram(TelegramText(3, kIvan, "prices please"))->status == 200);
  CHECK(SaysSomewhere(Json(client.Get(path.c_str(), auth))["events"], "prices please"));
  CHECK(s.telegram().Sent(kIvan).size() == sent_before);

  // Handed back to the bot: the next message is the bot's again.
  REQUIRE(client.Post((path + "/hand_back").c_str(), auth, R"({"step":""})", "application/json")->status == 200);
  REQUIRE(s.PostTelegram(TelegramText(4, kIvan, "prices"))->status == 200);
  CHECK(PollUntil([&] { return SentTo(s, kIvan, "Colouring is 3000."); }, 15000));
  CHECK(s.telegram().SchemaErrors().empty());
}

}  // namespace
}  // namespace switchboard::testing
