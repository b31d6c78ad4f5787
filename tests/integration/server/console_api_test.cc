// The operators' API over real HTTP (server/console/openapi.yaml): logins with
// Argon2id passwords, every request checked on the server (sessions, departments,
// roles, owners), and the live event stream.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "integration/server/server_fixture.h"
#include "server/console/operator_auth.h"

namespace switchboard::testing {
namespace {

using nlohmann::json;

std::string ConsoleYaml() {
  static const std::string hash = server::HashPassword("operator-password");
  setenv("SB_TEST_CONSOLE_SECRET", "console-secret-for-tests", 1);
  return "console:\n"
         "  session_secret_env: SB_TEST_CONSOLE_SECRET\n"
         "  routing: manual\n"
         "  departments: [\"\", support, complaints]\n"
         "  operators:\n"
         "    - {id: olga, departments: [support], password_hash: \"" + hash + "\"}\n"
         "    - {id: kate, departments: [complaints], password_hash: \"" + hash + "\"}\n"
         "    - {id: boss, role: supervisor, password_hash: \"" + hash + "\"}\n";
}

// Logs in and returns the session token.
std::string Login(const RunningServer& s, const std::string& who) {
  auto r = s.Post("/console/api/login", json{{"operator", who}, {"password", "operator-password"}}.dump(), "");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Set-Cookie").find("HttpOnly; SameSite=Strict") != std::string::npos);
  return BodyJson(r)["token"];
}

TEST_CASE("Console API: logins need the right password, and every call a session") {
  RunningServer s(SB_SOURCE_DIR "/flows", StoreChoice::Memory(), ConsoleYaml());
  CHECK(s.Post("/console/api/login", R"({"operator":"olga","password":"wrong"})", "")->status == 401);
  CHECK(s.Post("/console/api/login", R"({"operator":"nobody","password":"operator-password"})", "")->status == 401);
  CHECK(s.Post("/console/api/login", R"({"operator":"olga"})", "")->status == 400);
  CHECK(s.Get("/console/api/queue", "")->status == 401);
  CHECK(s.Get("/console/api/queue", "1.abc.olga")->status == 401);
  std::string forged = server::IssueSessionToken("another secret", "olga", 9999999999999);
  CHECK(s.Get("/console/api/queue", forged)->status == 401);
  std::string token = Login(s, "olga");
  CHECK(s.Get("/console/api/queue", token)->status == 200);
  // With the cookie, a body must be JSON: a cross-site form cannot send it.
  auto c = s.Client();
  auto plain = c.Post("/console/api/presence", {{"Cookie", "sb_console=" + token}}, R"({"state":"away"})", "text/plain");
  REQUIRE(plain);
  CHECK(plain->status == 415);
  auto json_post = c.Post("/console/api/presence", {{"Cookie", "sb_console=" + token}}, R"({"state":"away"})", "application/json");
  REQUIRE(json_post);
  CHECK(json_post->status == 200);
}

TEST_CASE("Console API: operators see and act on their departments' chats, owners alone answer them") {
  RunningServer s(SB_SOURCE_DIR "/flows", StoreChoice::Memory(), ConsoleYaml());
  REQUIRE(s.Post("/api/v1/conversations/c1/messages", R"({"text":"позовите оператора"})")->status == 200);
  std::string olga = Login(s, "olga"), kate = Login(s, "kate"), boss = Login(s, "boss");
  auto queue = BodyJson(s.Get("/console/api/queue", olga));
  REQUIRE(queue["waiting"].size() == 1);
  CHECK(queue["waiting"][0]["session"] == "rest:c1");
  CHECK(queue["waiting"][0]["department"] == "support");
  CHECK(BodyJson(s.Get("/console/api/queue", kate))["waiting"].empty());
  CHECK(BodyJson(s.Get("/console/api/queue", boss))["waiting"].size() == 1);
  CHECK(s.Get("/console/api/chats/rest:c1", kate)->status == 404);
  CHECK(s.Post("/console/api/chats/rest:c1/take", "{}", kate)->status == 404);
  auto chat = BodyJson(s.Get("/console/api/chats/rest:c1", olga));
  CHECK(chat["events"][0]["text"] == "позовите оператора");
  CHECK(s.Post("/console/api/chats/rest:c1/reply", R"({"text":"hi"})", olga)->status == 409);  // take it first
  REQUIRE(s.Post("/console/api/chats/rest:c1/take", "{}", olga)->status == 200);
  CHECK(s.Post("/console/api/chats/rest:c1/take", "{}", boss)->status == 409);
  CHECK(s.Post("/console/api/chats/rest:c1/reply", R"({"text":"hi"})", boss)->status == 409);
  CHECK(s.Post("/console/api/chats/rest:c1/reply", R"({"text":"<script>alert(1)</script>"})", olga)->status == 200);
  CHECK(s.Post("/console/api/chats/rest:c1/reply", R"({"text":""})", olga)->status == 400);
  CHECK(s.Post("/console/api/chats/rest:c1/reply", R"({"txt":"x"})", olga)->status == 400);
  CHECK(s.Post("/console/api/chats/rest:c1/transfer", R"({"department":"nowhere"})", olga)->status == 400);
  CHECK(s.Post("/console/api/chats/rest:c1/typing", "{}", olga)->status == 200);
  CHECK(s.Post("/console/api/chats/rest:c1/typing", "{}", boss)->status == 409);
  CHECK(s.Get("/console/api/supervisor", olga)->status == 403);
  auto sv = BodyJson(s.Get("/console/api/supervisor", boss));
  CHECK(sv["operators"].size() == 3);
  auto mine = BodyJson(s.Get("/console/api/queue", olga))["mine"];
  REQUIRE(mine.size() == 1);
  REQUIRE(s.Post("/console/api/chats/rest:c1/hand_back", R"({"step":""})", olga)->status == 200);
  CHECK(BodyJson(s.Get("/console/api/queue", olga))["mine"].empty());
  CHECK(s.Get("/console/api/chats/rest:c1", olga)->status == 404);
}

TEST_CASE("Console API: the event stream tells an operator of a chat joining the queue") {
  RunningServer s(SB_SOURCE_DIR "/flows", StoreChoice::Memory(), ConsoleYaml());
  std::string olga = Login(s, "olga");
  std::atomic<bool> connected{false}, heard{false};
  std::thread reader([&] {
    auto c = s.Client();
    c.set_read_timeout(10, 0);  // quiet for longer (no event, no ping): give up
    std::string seen;
    c.Get("/console/api/events", {{"Authorization", "Bearer " + olga}}, [&](const char* data, size_t n) {
      seen.append(data, n);
      if (seen.find(": connected") != std::string::npos) connected = true;
      if (seen.find("event: chat") != std::string::npos && seen.find("rest:c2") != std::string::npos) {
        heard = true;
        return false;
      }
      return true;
    });
  });
  for (int i = 0; i < 1000 && !connected; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(connected);
  REQUIRE(s.Post("/api/v1/conversations/c2/messages", R"({"text":"позовите оператора"})")->status == 200);
  reader.join();
  CHECK(heard);
}

}  // namespace
}  // namespace switchboard::testing
