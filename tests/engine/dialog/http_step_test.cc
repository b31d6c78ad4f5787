// The http step in a conversation, with a recording fake in place of the network:
// what is sent (encoded values, body, idempotency key), how responses map into
// slots, and where each outcome leads.
#include <doctest/doctest.h>

#include <deque>

#include "dialog/service_call.h"
#include "support/bot_fixture.h"

using namespace switchboard;
using namespace switchboard::testing;

namespace {

class FakeHttp final : public HttpClient {
 public:
  HttpOutcome Send(const HttpCall& call) override {
    calls.push_back(call);
    REQUIRE_FALSE(outcomes.empty());
    HttpOutcome o = outcomes.front();
    outcomes.pop_front();
    return o;
  }
  void Respond(int status, std::string body) {
    HttpOutcome o;
    o.kind = HttpOutcome::Kind::kResponse;
    o.status = status;
    o.body = std::move(body);
    o.attempts = 1;
    outcomes.push_back(o);
  }
  void Fail(HttpOutcome::Kind kind) {
    HttpOutcome o;
    o.kind = kind;
    o.attempts = 2;
    o.error = "simulated";
    outcomes.push_back(o);
  }
  std::vector<HttpCall> calls;
  std::deque<HttpOutcome> outcomes;
};

const char* kBot = R"(
bot: {start: order_status}
services:
  orders:
    base_url: "http://127.0.0.1:9"
    headers:
      X-Api-Key: "${SB_TEST_UNSET_KEY:-secret}"
commands:
  operator:
    keywords: [оператор]
    goto: operator
flows:
  - id: operator
    steps:
      - handoff: {reason: operator}
  - id: order_status
    triggers:
      regex: ['заказ\s+(?P<order>\S+)']
    steps:
      - id: ask
        ask: order
        prompt: "Номер заказа?"
      - id: lookup
        http:
          service: orders
          path: "/orders/{{order}}"
          query: {lang: "{{lang}}"}
          save: {status: /status, tracking: /tracking}
          save_error: {reason: /error}
        on_status:
          404: not_found
        on_error: down
      - say: "Статус: {{status}}, трек {{tracking|нет}}."
      - end:
      - id: not_found
        say: "Заказ {{order}} не найден."
      - end:
      - id: down
        say: "Система заказов не отвечает ({{http_status}})."
  - id: booking
    triggers: {keywords: [записаться]}
    steps:
      - id: fetch
        http:
          service: orders
          path: /slots
          save: {slots: /slots}
      - id: ask_time
        ask: time
        type: choice
        prompt: "Время?"
        options_from: slots
        max_buttons: 2
        more: "Ещё"
      - http:
          service: orders
          method: POST
          path: /bookings
          body: {time: "{{time}}", note: "{{note|}}"}
          save: {booking_id: /id}
      - say: "Запись {{booking_id}} на {{time}}."
)";

std::shared_ptr<const FlowProgram> Bot() {
  static auto program = CompileYaml({{"bot.yaml", kBot}});
  REQUIRE(program);
  return program;
}

}  // namespace

TEST_CASE("An http step sends the service's base URL and headers and maps the response into slots") {
  FakeHttp http;
  http.Respond(200, R"({"status":"shipped","tracking":"CDEK-1","items":[1,2]})");
  Conversation c(Bot(), &http);
  TurnOutput out = c.Say("где заказ 1234567");
  REQUIRE(http.calls.size() == 1);
  const HttpCall& call = http.calls[0];
  CHECK(call.method == "GET");
  CHECK(call.base_url == "http://127.0.0.1:9");
  CHECK(call.path == "/orders/1234567");
  CHECK(call.query == std::vector<std::pair<std::string, std::string>>{{"lang", "ru"}});
  CHECK(call.headers == std::vector<std::pair<std::string, std::string>>{{"X-Api-Key", "secret"}});
  CHECK(call.retries == 1);  // GET retries once by default
  CHECK(Conversation::Text(out).find("Статус: shipped, трек CDEK-1.") != std::string::npos);
  CHECK(c.state().slots["http_status"] == "200");
}

TEST_CASE("A customer's value cannot change the path of an http call") {
  FakeHttp http;
  http.Respond(404, R"({"error":"not_found"})");
  Conversation c(Bot(), &http);
  c.Say("где заказ ../../admin?x=1#f");
  REQUIRE(http.calls.size() == 1);
  CHECK(http.calls[0].path == "/orders/..%2F..%2Fadmin%3Fx%3D1%23f");
}

TEST_CASE("A documented status goes to its step and other failures to on_error") {
  FakeHttp http;
  http.Respond(404, R"({"error":"not_found"})");
  Conversation c(Bot(), &http);
  CHECK(Conversation::Text(c.Say("где заказ 7777777")).find("Заказ 7777777 не найден.") != std::string::npos);
  CHECK(c.state().slots["reason"] == "not_found");  // save_error read the refusal's body
  CHECK_FALSE(c.state().slots.count("status"));       // save did not run

  FakeHttp down;
  down.Fail(HttpOutcome::Kind::kTimeout);
  Conversation d(Bot(), &down);
  CHECK(Conversation::Text(d.Say("где заказ 1234567")).find("не отвечает (timeout)") != std::string::npos);

  FakeHttp broken;
  broken.Respond(200, "<html>oops</html>");
  Conversation b(Bot(), &broken);
  CHECK(Conversation::Text(b.Say("где заказ 1234567")).find("не отвечает (bad_json)") != std::string::npos);
  CHECK_FALSE(b.state().slots.count("status"));

  FakeHttp server_error;
  server_error.Respond(500, "{}");
  Conversation e(Bot(), &server_error);
  CHECK(Conversation::Text(e.Say("где заказ 1234567")).find("не отвечает (500)") != std::string::npos);
}

TEST_CASE("Without a client the http step fails like an unreachable service, never hangs") {
  Conversation c(Bot());
  TurnOutput out = c.Say("где заказ 1234567");
  CHECK(Conversation::Text(out).find("не отвечает (unreachable)") != std::string::npos);
  CHECK(c.state().waiting.empty());
}

TEST_CASE("Options from a response become buttons, paged behind a more button") {
  FakeHttp http;
  http.Respond(200, R"({"slots":["10:00","11:00","12:00"]})");
  Conversation c(Bot(), &http);
  TurnOutput out = c.Say("записаться");
  CHECK(Conversation::Labels(out) == std::vector<std::string>{"10:00", "11:00", "Ещё"});
  out = c.Press("Ещё");
  // The last page's "more" starts the list over.
  CHECK(Conversation::Labels(out) == std::vector<std::string>{"12:00", "Ещё"});
  http.Respond(201, R"({"id":"B-1001"})");
  out = c.Say("11:00");  // typed, though not on the page shown
  CHECK(c.state().slots["time"] == "11:00");
  REQUIRE(http.calls.size() == 2);
  CHECK(http.calls[1].method == "POST");
  CHECK(http.calls[1].retries == 0);
  CHECK(http.calls[1].body.find("\"time\":\"11:00\"") != std::string::npos);
  CHECK(Conversation::Text(out).find("Запись B-1001 на 11:00.") != std::string::npos);
}

TEST_CASE("A value outside the response's options is asked again") {
  FakeHttp http;
  http.Respond(200, R"({"slots":["10:00","11:00"]})");
  Conversation c(Bot(), &http);
  c.Say("записаться");
  c.Say("15:00");
  CHECK_FALSE(c.state().slots.count("time"));
  CHECK(c.state().attempts == 1);
}

TEST_CASE("An http call carries an idempotency key of the message and the step") {
  FakeHttp http;
  http.Respond(200, R"({"status":"paid"})");
  Conversation c(Bot(), &http);
  c.Say("где заказ 1234567");
  REQUIRE(http.calls.size() == 1);
  CHECK(http.calls[0].idempotency_key.find("order_status.lookup") != std::string::npos);
}

TEST_CASE("InterpretServiceOutcome routes each outcome and keeps no error on success") {
  auto program = Bot();
  int lookup = program->FindStep("order_status.lookup");
  REQUIRE(lookup != kNoStep);
  const CompiledStep& step = program->steps[lookup];
  HttpOutcome ok;
  ok.kind = HttpOutcome::Kind::kResponse;
  ok.status = 200;
  ok.body = R"({"status":"paid"})";
  ServiceResult r = InterpretServiceOutcome(*program, step, ok);
  CHECK(r.ok);
  CHECK(r.error.empty());
  CHECK(r.next == step.next);
  HttpOutcome missing = ok;
  missing.status = 404;
  missing.error = "HTTP 404";
  CHECK(InterpretServiceOutcome(*program, step, missing).next == program->FindStep("order_status.not_found"));
  HttpOutcome conflict = ok;
  conflict.status = 409;
  CHECK(InterpretServiceOutcome(*program, step, conflict).next == program->FindStep("order_status.down"));
  HttpOutcome broken = ok;
  broken.body = "not json";
  ServiceResult bad = InterpretServiceOutcome(*program, step, broken);
  CHECK(bad.status == "bad_json");
  CHECK(bad.next == program->FindStep("order_status.down"));
}

// The order lookup of Bot() answered 200 with body: the reply, and the conversation.
std::string LookupReply(const char* body, SessionState* state) {
  FakeHttp http;
  http.Respond(200, body);
  Conversation c(Bot(), &http);
  std::string text = Conversation::Text(c.Say("где заказ 1234567"));
  *state = c.state();
  return text;
}

TEST_CASE("A service answering an object or a list where a value belongs leads to on_error") {
  for (const char* body : {R"({"status":{"$ne":null}})", R"({"status":["paid"]})"}) {
    CAPTURE(body);
    SessionState state;
    std::string text = LookupReply(body, &state);
    CHECK(text.find("Система заказов не отвечает (bad_answer).") != std::string::npos);
    CHECK(text.find("$ne") == std::string::npos);
    CHECK(state.slots.count("status") == 0);
    CHECK(state.slots["http_error"].find("slot status") != std::string::npos);
  }
}

TEST_CASE("An empty 2xx, or one without the saved fields, is a service error when the step saves fields") {
  for (const char* body : {"", "  ", "{}", "null", R"({"other":1})"}) {
    CAPTURE(body);
    SessionState state;
    CHECK(LookupReply(body, &state).find("Система заказов не отвечает (bad_answer).") != std::string::npos);
  }
}

TEST_CASE("A value where a list of options belongs is a service error, not a question without buttons") {
  FakeHttp http;
  http.Respond(200, R"({"slots":"10:00, 11:00"})");
  Conversation c(Bot(), &http);
  TurnOutput out = c.Say("записаться");
  CHECK(c.state().slots["http_status"] == "bad_answer");
  CHECK(c.state().slots.count("slots") == 0);
  CHECK(Conversation::Text(out).find("Время?") == std::string::npos);
}

TEST_CASE("A list saved for a question's options is kept as JSON text") {
  auto program = Bot();
  const CompiledStep& fetch = program->steps[program->FindStep("booking.fetch")];
  HttpOutcome ok;
  ok.kind = HttpOutcome::Kind::kResponse;
  ok.status = 200;
  ok.body = R"({"slots":["10:00","11:00"]})";
  ServiceResult r = InterpretServiceOutcome(*program, fetch, ok);
  CHECK(r.ok);
  CHECK(r.saved == std::vector<std::pair<std::string, std::string>>{{"slots", R"(["10:00","11:00"])"}});
}
