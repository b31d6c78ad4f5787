// The REST API over real HTTP on loopback: a whole booking against the sample
// booking system on the memory store and on Redis, the transcript in pages, and
// every kind of bad input answered with the right status and a JSON error. Every
// answer is checked against adapters/rest/openapi.yaml.
#include <doctest/doctest.h>

#include <random>

#include "integration/server/server_fixture.h"
#include "support/openapi_check.h"
#include "support/service_process.h"

namespace switchboard::testing {
namespace {

using nlohmann::json;

const std::string kFlows = SB_SOURCE_DIR "/flows";
const char kMessages[] = "/api/v1/conversations/{id}/messages";
const char kTranscript[] = "/api/v1/conversations/{id}/transcript";

const OpenApiCheck& Api() {
  static const OpenApiCheck api(SB_SOURCE_DIR "/adapters/rest/openapi.yaml");
  return api;
}

// Checks the answer against the API file.
void Documented(const char* path, const char* method, const httplib::Result& r) {
  REQUIRE(r);
  std::string mismatch = Api().Check(path, method, r->status, BodyJson(r));
  CHECK_MESSAGE(mismatch.empty(), mismatch << " in " << r->body);
}

json Say(const RunningServer& s, const std::string& id, const json& body) {
  auto r = s.Post("/api/v1/conversations/" + id + "/messages", body.dump());
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  Documented(kMessages, "post", r);
  return json::parse(r->body);
}

std::string AllText(const json& turn) {
  std::string out;
  for (const json& reply : turn["replies"]) out += reply["text"].get<std::string>() + "\n";
  return out;
}

// The first non-link button of the turn's last reply that has buttons.
json FirstButton(const json& turn) {
  json found;
  for (const json& reply : turn["replies"]) {
    for (const json& b : reply["buttons"]) {
      if (b["action"] != "link") {
        found = b;
        break;
      }
    }
  }
  REQUIRE_MESSAGE(!found.is_null(), AllText(turn));
  return found;
}

void BookThroughRest(StoreChoice store) {
  auto booking = ServiceProcess::Start(LUMI_BOOKING_SERVICE_BIN, {"--port", "0"});
  REQUIRE_MESSAGE(booking.ok(), booking.status().ToString());
  setenv("LUMI_BOOKING_URL", (*booking)->base_url().c_str(), 1);
  RunningServer s(kFlows, store);
  const std::string id = "booking-" + UniquePrefix().substr(7);

  json turn = Say(s, id, {{"start", true}, {"message_id", "m1"}});
  CHECK(!turn["replies"].empty());
  turn = Say(s, id, {{"text", "запишите на маникюр в субботу"}, {"message_id", "m2"}});
  CHECK(AllText(turn).find("К какому мастеру?") != std::string::npos);
  json master = FirstButton(turn);
  CHECK(master["label"] == "Мария");
  turn = Say(s, id, {{"text", master["label"]}, {"button_payload", master["payload"]}, {"message_id", "m3"}});
  CHECK(AllText(turn).find("Свободное время") != std::string::npos);
  json time = FirstButton(turn);
  turn = Say(s, id, {{"text", time["label"]}, {"button_payload", time["payload"]}, {"message_id", "m4"}});
  CHECK(AllText(turn).find("Как к вам обращаться?") != std::string::npos);
  turn = Say(s, id, {{"text", "Анна"}, {"message_id", "m5"}});
  turn = Say(s, id, {{"text", "8 916 123-45-67"}, {"message_id", "m6"}});
  CHECK(AllText(turn).find("Всё верно?") != std::string::npos);
  turn = Say(s, id, {{"text", "да"}, {"message_id", "m7"}});
  CHECK(AllText(turn).find("Номер записи: B-") != std::string::npos);

  // A retried request (same message id) gets the same replies and books nothing new.
  json again = Say(s, id, {{"text", "да"}, {"message_id", "m7"}});
  CHECK(again["duplicate"] == true);
  CHECK(AllText(again) == AllText(turn));

  // The transcript, in pages of 5, holds the whole conversation in order.
  size_t from = 0, user_said = 0;
  for (int pages = 0; pages < 100; ++pages) {
    auto r = s.Get("/api/v1/conversations/" + id + "/transcript?from=" + std::to_string(from) + "&limit=5");
    json page = BodyJson(r);
    REQUIRE(r->status == 200);
    Documented(kTranscript, "get", r);
    for (const json& e : page["events"]) user_said += e["type"] == "user_said";
    if (page["events"].empty()) break;
    CHECK(page["events"].size() <= 5);
    from = page["next"];
  }
  CHECK(user_said == 5);  // /start, the booking request, the name, the phone, the "да"
}

TEST_CASE("REST API: a whole booking with buttons and typed answers, on the memory store") {
  BookThroughRest(StoreChoice::Memory());
}

TEST_CASE("REST API: a whole booking with buttons and typed answers, on Redis") {
  BookThroughRest(StoreChoice::Redis());
}

void CheckError(const httplib::Result& r, int status, const std::string& code) {
  REQUIRE(r);
  CHECK_MESSAGE(r->status == status, r->body);
  json j = BodyJson(r);
  CHECK(j["error"]["code"] == code);
  CHECK(!j["error"]["message"].get<std::string>().empty());
  CHECK(r->get_header_value("Content-Type").find("application/json") == 0);
}

// An error of a documented route: also checked against the API file.
void CheckApiError(const char* path, const char* method, const httplib::Result& r, int status,
                   const std::string& code) {
  CheckError(r, status, code);
  Documented(path, method, r);
}

TEST_CASE("REST API: bad input gets the right status and a JSON error, and the server goes on") {
  RunningServer s(kFlows, StoreChoice::Memory());
  const std::string path = "/api/v1/conversations/c1/messages";
  auto bad_post = [&](const std::string& body, int status, const std::string& code,
                      const std::string& key = kTestApiKey) {
    CheckApiError(kMessages, "post", s.Post(path, body, key), status, code);
  };
  auto bad_get = [&](const std::string& query) {
    CheckApiError(kTranscript, "get", s.Get("/api/v1/conversations/c1/transcript?" + query), 400,
                  "invalid_argument");
  };
  bad_post("{\"text\": \"hi\"", 400, "invalid_argument");          // malformed JSON
  bad_post("[1,2]", 400, "invalid_argument");                      // not an object
  bad_post("{\"text\": 42}", 400, "invalid_argument");             // wrong type
  bad_post("{\"start\": \"yes\"}", 400, "invalid_argument");       // wrong type
  bad_post("{\"txet\": \"hi\"}", 400, "invalid_argument");         // unknown field
  bad_post("{}", 400, "invalid_argument");                         // nothing to say
  bad_post("{\"text\": \"\xff\xfe\"}", 400, "invalid_argument");  // invalid UTF-8
  bad_post("{\"text\": \"" + std::string(20000, 'a') + "\"}", 400, "invalid_argument");
  bad_post(std::string(70000, ' '), 413, "too_large");             // over the body limit
  bad_post("{\"text\": \"hi\", \"message_id\": \"a b\"}", 400, "invalid_argument");
  CheckApiError(kMessages, "post",
                s.Post("/api/v1/conversations/bad%20id/messages", "{\"text\": \"hi\"}"), 400,
                "invalid_argument");
  bad_post("{\"text\": \"hi\"}", 401, "unauthorized", "");  // no credentials
  bad_post("{\"text\": \"hi\"}", 401, "unauthorized", "wrong-key");
  bad_get("limit=0");
  bad_get("from=-1");
  bad_get("limit=abc");
  CheckError(s.Get("/api/v1/nothing-here"), 404, "not_found");
  CheckError(s.Post("/chat/api/messages", "{\"visitor\": \"forged.token\", \"text\": \"hi\"}", ""), 401,
             "unauthorized");
  CheckError(s.Get("/chat/api/transcript?visitor=0123", ""), 401, "unauthorized");

  // None of it reached the engine; a good message is answered as usual.
  json turn = Say(s, "c1", {{"text", "сколько стоит стрижка"}});
  CHECK(!turn["replies"].empty());
  CHECK(turn["conversation_id"] == "c1");
}

TEST_CASE("REST API: random bodies get 4xx answers and never stop the server") {
  RunningServer s(kFlows, StoreChoice::Memory());
  std::mt19937 random(20261202);  // fixed: a failure can be replayed
  const std::string pieces[] = {"{", "}", "[", "]", "\"text\"", ":", ",", "\"", "\\u0000", "\xff",
                                "\xd0", "null", "1e999", "\"button_payload\"", "true", "\"start\""};
  for (int i = 0; i < 300; ++i) {
    std::string body;
    for (int n = random() % 12; n > 0; --n) body += pieces[random() % std::size(pieces)];
    auto r = s.Post("/api/v1/conversations/fuzz/messages", body);
    REQUIRE(r);
    CHECK_MESSAGE((r->status == 200 || (r->status >= 400 && r->status < 500)), body << " -> " << r->status);
    if (r->status != 200) Documented(kMessages, "post", r);
  }
  auto health = s.Get("/healthz", "");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("REST API: the API file's checker finds answers that drift from it") {
  CHECK(Api().Check(kMessages, "post", 200, {{"replies", 1}}).find("missing") != std::string::npos);
  json turn = {{"conversation_id", "c"}, {"replies", json::array()}, {"handed_off", false},
               {"fallback", false}, {"duplicate", false}, {"version", 1}};
  CHECK(Api().Check(kMessages, "post", 200, turn).empty());
  turn["surprise"] = 1;
  CHECK(Api().Check(kMessages, "post", 200, turn).find("not documented") != std::string::npos);
  CHECK(Api().Check(kMessages, "post", 418, turn).find("not documented") != std::string::npos);
}

TEST_CASE("REST API: the second key of the list is accepted too") {
  RunningServer s(kFlows, StoreChoice::Memory());
  auto r = s.Post("/api/v1/conversations/c2/messages", "{\"start\": true}", "other-key");
  REQUIRE(r);
  CHECK(r->status == 200);
}

}  // namespace
}  // namespace switchboard::testing
