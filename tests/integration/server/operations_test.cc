// What operators of the server rely on, over real HTTP: health and readiness,
// Prometheus metrics that count turns, and flow reloads through the admin
// endpoint, where a broken flow set is refused with its errors while the old one
// keeps serving.
#include <doctest/doctest.h>

#include <filesystem>

#include "integration/server/server_fixture.h"

namespace switchboard::testing {
namespace {

using nlohmann::json;

TEST_CASE("Server: healthz and readyz answer, and metrics count turns, fallbacks and HTTP answers") {
  RunningServer s(SB_SOURCE_DIR "/flows", StoreChoice::Memory());
  auto health = s.Get("/healthz", "");
  REQUIRE(health);
  CHECK(health->status == 200);
  auto ready = s.Get("/readyz", "");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  CHECK(BodyJson(ready)["flows_loaded"] == true);
  CHECK(BodyJson(ready)["store_reachable"] == true);

  REQUIRE(s.Post("/api/v1/conversations/m1/messages", "{\"start\": true}")->status == 200);
  REQUIRE(s.Post("/api/v1/conversations/m1/messages", "{\"text\": \"qwzx vbnm plk\"}")->status == 200);
  auto metrics = s.Get("/metrics", "");
  REQUIRE(metrics);
  CHECK(metrics->status == 200);
  CHECK(metrics->body.find("switchboard_turns_total 2\n") != std::string::npos);
  CHECK(metrics->body.find("switchboard_fallbacks_total 1\n") != std::string::npos);
  CHECK(metrics->body.find("switchboard_turn_seconds_count 2\n") != std::string::npos);
  CHECK(metrics->body.find("switchboard_turn_seconds_bucket{le=\"+Inf\"} 2\n") != std::string::npos);
  CHECK(metrics->body.find("switchboard_flows_loaded 1") != std::string::npos);
  // Sampled from the store at each scrape (its counting is the store contract's test).
  CHECK(metrics->body.find("# TYPE switchboard_outbox_depth gauge\nswitchboard_outbox_depth ") !=
        std::string::npos);
}

TEST_CASE("Server: readyz says not ready when Redis cannot be reached") {
  std::string url = "redis://127.0.0.1:" + std::to_string(FreePort()) + "/0";
  // The store connects at open: a server on a Redis that is down does not start.
  server::ServerConfig config;
  config.store = url;
  config.flows = SB_SOURCE_DIR "/flows";
  std::vector<Diagnostic> diagnostics;
  auto opened = server::Server::Open(config, &diagnostics);
  CHECK(!opened.ok());
  CHECK(opened.status().code() == StatusCode::kUnavailable);
}

// Copies the Studio Lumi flows into a folder the test may break.
std::filesystem::path CopyFlows() {
  auto dir = std::filesystem::temp_directory_path() / ("sb-reload-" + UniquePrefix().substr(7));
  std::filesystem::copy(SB_SOURCE_DIR "/flows", dir, std::filesystem::copy_options::recursive);
  return dir;
}

TEST_CASE("Server: a reload with a broken flow set is refused with its errors while the old flows serve") {
  auto dir = CopyFlows();
  {
    RunningServer s(dir.string(), StoreChoice::Memory());
    auto before = s.Post("/api/v1/conversations/r1/messages", "{\"text\": \"сколько стоит стрижка\"}");
    REQUIRE(before->status == 200);

    auto no_token = s.Post("/admin/reload", "", "");
    CHECK(no_token->status == 401);

    std::ofstream(dir / "broken.yaml") << "flows:\n  oops:\n    steps:\n      - id: a\n        promt: x\n";
    auto refused = s.Post("/admin/reload", "", kTestAdminToken);
    REQUIRE(refused);
    CHECK(refused->status == 422);
    json j = BodyJson(refused);
    CHECK(j["reloaded"] == false);
    REQUIRE(!j["diagnostics"].empty());
    CHECK(j["diagnostics"][0]["file"].get<std::string>().find("broken.yaml") != std::string::npos);

    // The old flows keep answering, and the conversation goes on.
    auto during = s.Post("/api/v1/conversations/r1/messages", "{\"text\": \"сколько стоит стрижка\"}");
    REQUIRE(during->status == 200);
    CHECK(BodyJson(during)["replies"] == BodyJson(before)["replies"]);

    std::filesystem::remove(dir / "broken.yaml");
    auto accepted = s.Post("/admin/reload", "", kTestAdminToken);
    REQUIRE(accepted);
    CHECK(accepted->status == 200);
    CHECK(BodyJson(accepted)["reloaded"] == true);
    auto metrics = s.Get("/metrics", "");
    CHECK(metrics->body.find("switchboard_reload_failures_total 1\n") != std::string::npos);
    CHECK(metrics->body.find("switchboard_reloads_total 1\n") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("Server: the file watch refuses a broken flow set and publishes the fixed one") {
  auto dir = CopyFlows();
  {
    RunningServer s(dir.string(), StoreChoice::Memory(), "", {}, /*watch_ms=*/20);
    auto metric = [&](const std::string& line) {
      auto m = s.Get("/metrics", "");
      return m && m->body.find(line) != std::string::npos;
    };
    // Written beside and renamed, so that the watch never sees a half-written file.
    std::ofstream(dir / "broken.tmp") << "flows: [\n";
    std::filesystem::rename(dir / "broken.tmp", dir / "broken.yaml");
    CHECK(PollUntil([&] { return metric("switchboard_reload_failures_total 1\n"); }, 10000));
    auto during = s.Post("/api/v1/conversations/w1/messages", "{\"start\": true}");
    CHECK(during->status == 200);
    std::filesystem::remove(dir / "broken.yaml");
    CHECK(PollUntil([&] { return metric("switchboard_reloads_total 1\n"); }, 10000));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("Server: an operator takes a chat and answers through the admin endpoint") {
  RunningServer s(SB_SOURCE_DIR "/flows", StoreChoice::Memory());
  REQUIRE(s.Post("/api/v1/conversations/op1/messages", "{\"start\": true}")->status == 200);
  const std::string path = "/admin/conversations/rest:op1/operator";
  CHECK(s.Post(path, "{\"action\": \"take\", \"operator_id\": \"olga\"}", "")->status == 401);
  CHECK(s.Post(path, "{\"action\": \"dance\", \"operator_id\": \"olga\"}", kTestAdminToken)->status == 400);
  CHECK(s.Post(path, "{\"action\": \"take\"}", kTestAdminToken)->status == 400);
  CHECK(s.Post("/admin/conversations/rest:nobody/operator", "{\"action\": \"say\", \"operator_id\": \"olga\", \"text\": \"hi\"}",
               kTestAdminToken)->status == 404);
  auto took = s.Post(path, "{\"action\": \"take\", \"operator_id\": \"olga\"}", kTestAdminToken);
  REQUIRE(took);
  CHECK(took->status == 200);
  CHECK(BodyJson(took)["operator_id"] == "olga");
  CHECK(s.Post(path, "{\"action\": \"say\", \"operator_id\": \"olga\", \"text\": \"Это Ольга\"}", kTestAdminToken)->status == 200);

  // While the operator has the chat the bot is silent; the log holds her reply.
  auto quiet = s.Post("/api/v1/conversations/op1/messages", "{\"text\": \"сколько стоит стрижка\"}");
  CHECK(BodyJson(quiet)["replies"].empty());
  json page = BodyJson(s.Get("/api/v1/conversations/op1/transcript"));
  bool said = false;
  for (const json& e : page["events"]) said |= e["type"] == "operator_said" && e["text"] == "Это Ольга";
  CHECK(said);
}

}  // namespace
}  // namespace switchboard::testing
