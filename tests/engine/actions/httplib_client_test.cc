// Tests of engine/actions/httplib_client.cc: real calls over loopback to the sample
// booking and order programs (run as child processes on free ports), to a port that
// nobody listens on, and to a small httplib server in the test that misbehaves on
// purpose (huge bodies, 503s, non-JSON) and records what arrives.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include <doctest/doctest.h>

#include "actions/http_action.h"
#include "support/service_process.h"

namespace switchboard {
namespace {

using testing::ServiceProcess;
using Kind = HttpOutcome::Kind;

std::unique_ptr<ServiceProcess> StartService(const char* binary,
                                             std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--port", "0"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto process = ServiceProcess::Start(binary, args);
  REQUIRE_MESSAGE(process.ok(), process.status().ToString());
  return std::move(process).value();
}

// A port on 127.0.0.1 that was free a moment ago and has no listener now.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  socklen_t length = sizeof(address);
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  close(fd);
  return ntohs(address.sin_port);
}

// An httplib server on a free loopback port, served by a thread of its own while the
// object lives. Routes are added before Start.
class TestServer {
 public:
  httplib::Server& server() { return server_; }

  void Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  ~TestServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

HttpCall Get(const std::string& base_url, const std::string& path) {
  HttpCall call;
  call.base_url = base_url;
  call.path = path;
  return call;
}

TEST_CASE("HttpClient gets an order from the sample order system and maps its fields") {
  auto orders = StartService(LUMI_ORDER_SERVICE_BIN);
  auto client = NewHttpClient();
  HttpOutcome outcome =
      client->Send(Get(orders->base_url(), "/orders/" + EncodePathValue("1234567")));
  REQUIRE_MESSAGE(outcome.kind == Kind::kResponse, outcome.error);
  CHECK(outcome.status == 200);
  CHECK(outcome.attempts == 1);
  auto values = MapJsonResponse(outcome.body, {{"order_status", "/status"},
                                               {"tracking", "/tracking"},
                                               {"total", "/total"},
                                               {"first_item", "/items/0/name"},
                                               {"missing", "/no_such_field"}});
  REQUIRE_MESSAGE(values.ok(), values.status().ToString());
  CHECK(*values == std::vector<std::pair<std::string, std::string>>{
                       {"order_status", "shipped"},
                       {"tracking", "CDEK-1234567890"},
                       {"total", "4040"},
                       {"first_item", "Сыворотка для лица Lumi Glow, 30 мл"}});
}

TEST_CASE("HttpClient returns a 404 as a response, not an error") {
  auto orders = StartService(LUMI_ORDER_SERVICE_BIN);
  HttpOutcome outcome = NewHttpClient()->Send(Get(orders->base_url(), "/orders/1111111"));
  REQUIRE(outcome.kind == Kind::kResponse);
  CHECK(outcome.status == 404);
  CHECK(outcome.body.find("not_found") != std::string::npos);
}

TEST_CASE("HttpClient sends encoded query values to the sample booking system") {
  auto booking = StartService(LUMI_BOOKING_SERVICE_BIN, {"--today", "2030-12-27"});
  HttpCall call = Get(booking->base_url(), "/masters");
  call.query = {{"service", "manicure"}};
  HttpOutcome outcome = NewHttpClient()->Send(call);
  REQUIRE(outcome.kind == Kind::kResponse);
  REQUIRE(outcome.status == 200);
  auto options = OptionsFromJson(outcome.body, "/id", "/name/en");
  REQUIRE(options.ok());
  REQUIRE_FALSE(options->empty());
  CHECK((*options)[0].value == "maria");
  CHECK((*options)[0].label == "Maria");

  call.query = {{"service", "manicure&service=tattoo"}};
  outcome = NewHttpClient()->Send(call);
  REQUIRE(outcome.kind == Kind::kResponse);
  CHECK(outcome.status == 404);  // one unknown service, not a second parameter
}

TEST_CASE("HttpClient books once with POST and gets 409 for the same slot again") {
  auto booking = StartService(LUMI_BOOKING_SERVICE_BIN, {"--today", "2030-12-27"});
  HttpCall call;
  call.method = "POST";
  call.base_url = booking->base_url();
  call.path = "/bookings";
  call.body = JsonObjectBody({{"service", "manicure"}, {"master", "maria"},
                              {"date", "2030-12-30"}, {"time", "18:00"},
                              {"name", "Вера \"В\""}, {"phone", "8 (916) 123-45-67"}});
  auto client = NewHttpClient();
  HttpOutcome first = client->Send(call);
  REQUIRE_MESSAGE(first.kind == Kind::kResponse, first.error);
  CHECK(first.status == 201);
  auto values = MapJsonResponse(first.body, {{"booking_id", "/id"}, {"name", "/name"}});
  REQUIRE(values.ok());
  REQUIRE(values->size() == 2);
  CHECK((*values)[0].second.rfind("B-", 0) == 0);
  CHECK((*values)[1].second == "Вера \"В\"");

  HttpOutcome second = client->Send(call);
  REQUIRE(second.kind == Kind::kResponse);
  CHECK(second.status == 409);
  CHECK(second.body.find("slot_taken") != std::string::npos);
}

TEST_CASE("HttpClient gives up on a slow service at the call's deadline, retries included") {
  auto orders = StartService(LUMI_ORDER_SERVICE_BIN, {"--delay-ms", "2000"});
  auto client = NewHttpClient();
  HttpCall get = Get(orders->base_url(), "/orders/1234567");
  get.timeout_ms = 200;
  get.retries = 2;
  const auto start = std::chrono::steady_clock::now();
  HttpOutcome outcome = client->Send(get);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(outcome.kind == Kind::kTimeout);
  CHECK(outcome.attempts == 1);  // the deadline was spent waiting: no time for a retry
  CHECK(outcome.error.find("200 ms") != std::string::npos);
  CHECK(took < std::chrono::milliseconds(1500));
}

TEST_CASE("HttpClient reports a closed port as unreachable after its retries") {
  HttpCall call = Get("http://127.0.0.1:" + std::to_string(ClosedPort()), "/orders/1");
  call.retries = 1;
  HttpOutcome outcome = NewHttpClient()->Send(call);
  CHECK(outcome.kind == Kind::kUnreachable);
  CHECK(outcome.attempts == 2);
  CHECK_FALSE(outcome.error.empty());
}

TEST_CASE("HttpClient stops reading a body over the limit") {
  TestServer test;
  const std::string mebibyte(1024 * 1024, 'x');
  test.server().Get("/big", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content(mebibyte, "application/json");
  });
  test.server().Get("/big-chunked", [&](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider(
        "application/json", [&](size_t offset, httplib::DataSink& sink) {
          if (offset >= mebibyte.size()) {
            sink.done();
          } else {
            sink.write(mebibyte.data() + offset, 16 * 1024);
          }
          return true;
        });
  });
  test.server().Get("/small", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::string(1000, 'y'), "application/json");
  });
  test.Start();
  auto client = NewHttpClient();
  for (const char* path : {"/big", "/big-chunked"}) {
    CAPTURE(path);
    HttpOutcome outcome = client->Send(Get(test.base_url(), path));
    CHECK(outcome.kind == Kind::kTooLarge);
    CHECK(outcome.body.empty());
  }
  HttpCall small = Get(test.base_url(), "/small");
  small.max_response_bytes = 1000;
  CHECK(client->Send(small).kind == Kind::kResponse);
  small.max_response_bytes = 999;
  CHECK(client->Send(small).kind == Kind::kTooLarge);
}

TEST_CASE("HttpClient hands over a body that is not JSON, and the mapping reports it") {
  TestServer test;
  test.server().Get("/html", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("<html>maintenance</html>", "text/html");
  });
  test.Start();
  HttpOutcome outcome = NewHttpClient()->Send(Get(test.base_url(), "/html"));
  REQUIRE(outcome.kind == Kind::kResponse);
  CHECK(outcome.status == 200);
  auto values = MapJsonResponse(outcome.body, {{"id", "/id"}});
  REQUIRE_FALSE(values.ok());
  CHECK(values.status().message().rfind("bad JSON: ", 0) == 0);
}

TEST_CASE("HttpClient retries a GET after a 503 but not a POST") {
  TestServer test;
  std::atomic<int> hits{0};
  auto flaky = [&](const httplib::Request&, httplib::Response& response) {
    if (hits++ % 2 == 0) {
      response.status = 503;
      response.set_content(R"({"error": "busy"})", "application/json");
    } else {
      response.set_content(R"({"id": "ok"})", "application/json");
    }
  };
  test.server().Get("/flaky", flaky);
  test.server().Post("/flaky", flaky);
  test.Start();
  auto client = NewHttpClient();

  HttpCall get = Get(test.base_url(), "/flaky");
  get.retries = 1;
  HttpOutcome outcome = client->Send(get);
  REQUIRE(outcome.kind == Kind::kResponse);
  CHECK(outcome.status == 200);
  CHECK(outcome.attempts == 2);
  CHECK(hits == 2);

  HttpCall post = get;
  post.method = "POST";
  outcome = client->Send(post);
  REQUIRE(outcome.kind == Kind::kResponse);
  CHECK(outcome.status == 503);
  CHECK(outcome.attempts == 1);
  CHECK(hits == 3);

  get.retries = 0;  // the next answer would be 200, but the 503 is final without retries
  hits = 0;
  outcome = client->Send(get);
  CHECK(outcome.status == 503);
  CHECK(outcome.attempts == 1);
}

// A server that accepts connections and answers each one byte at a time, one byte
// every `interval`, 80 bytes in all: headers that take 80 intervals and never end.
class TricklingServer {
 public:
  explicit TricklingServer(std::chrono::milliseconds interval) : interval_(interval) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    REQUIRE(listen(listener_, 8) == 0);
    socklen_t length = sizeof(address);
    REQUIRE(getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TricklingServer() {
    stop_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_; }

 private:
  void Serve() {
    while (!stop_) {
      int fd = accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      ++connections_;
      char request[4096];
      (void)recv(fd, request, sizeof request, 0);
      const std::string head = "HTTP/1.1 200 OK\r\nX-Slow: ";
      for (size_t i = 0; i < 80 && !stop_; ++i) {
        char byte = i < head.size() ? head[i] : 'a';
        if (send(fd, &byte, 1, MSG_NOSIGNAL) != 1) break;
        std::this_thread::sleep_for(interval_);
      }
      close(fd);
    }
  }

  std::chrono::milliseconds interval_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

TEST_CASE("HttpClient ends a call whose headers trickle in at the call's deadline") {
  TricklingServer slow(std::chrono::milliseconds(50));
  HttpCall get = Get(slow.base_url(), "/slots");
  get.timeout_ms = 300;
  get.retries = 3;
  const auto start = std::chrono::steady_clock::now();
  HttpOutcome outcome = NewHttpClient()->Send(get);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(outcome.kind == Kind::kTimeout);
  CHECK(outcome.attempts == 1);
  // Each byte comes well within the read timeout, so only a deadline for the whole
  // exchange ends the call; without one it would last as long as the server likes.
  CHECK(took < std::chrono::seconds(3));
}

TEST_CASE("HttpClient's retries and the waits between them stay within the deadline") {
  TestServer test;
  std::atomic<int> hits{0};
  test.server().Get("/busy", [&](const httplib::Request&, httplib::Response& response) {
    ++hits;
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    response.status = 503;
  });
  test.Start();
  HttpCall get = Get(test.base_url(), "/busy");
  get.timeout_ms = 400;
  get.retries = kMaxHttpRetries;
  const auto start = std::chrono::steady_clock::now();
  HttpOutcome outcome = NewHttpClient()->Send(get);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(outcome.attempts < 1 + kMaxHttpRetries);
  CHECK(hits == outcome.attempts);
  CHECK(took < std::chrono::milliseconds(1500));
}

// What the test server saw of one request.
struct Seen {
  std::mutex mutex;
  std::string target, path, captured, body;
  httplib::Headers headers;
  httplib::Params params;
};

TEST_CASE("HttpClient sends headers, the idempotency key and a JSON body") {
  TestServer test;
  Seen seen;
  test.server().Put("/api/bookings/B-1", [&](const httplib::Request& request,
                                             httplib::Response& response) {
    std::lock_guard lock(seen.mutex);
    seen.headers = request.headers;
    seen.body = request.body;
    response.status = 204;
  });
  test.Start();
  HttpCall call;
  call.method = "PUT";
  call.base_url = "HTTP" + test.base_url().substr(4) + "/api/";  // scheme case ignored
  call.path = "/bookings/B-1";
  call.headers = {{"Authorization", "Bearer secret"}, {"X-Request-Source", "bot"}};
  call.idempotency_key = "conv-42-step-7";
  call.body = JsonObjectBody({{"time", "12:00"}});
  HttpOutcome outcome = NewHttpClient()->Send(call);
  REQUIRE_MESSAGE(outcome.kind == Kind::kResponse, outcome.error);
  CHECK(outcome.status == 204);
  CHECK(outcome.body.empty());
  CHECK(MapJsonResponse(outcome.body, {{"id", "/id"}}).ok());

  std::lock_guard lock(seen.mutex);
  auto header = [&](const char* name) {
    auto it = seen.headers.find(name);
    return it == seen.headers.end() ? std::string("<none>") : it->second;
  };
  CHECK(header("Authorization") == "Bearer secret");
  CHECK(header("X-Request-Source") == "bot");
  CHECK(header("Idempotency-Key") == "conv-42-step-7");
  CHECK(header("User-Agent") == "switchboard");
  CHECK(header("Content-Type") == "application/json");
  CHECK(seen.body == R"({"time":"12:00"})");
}

TEST_CASE("HttpClient keeps a hostile path value in one segment and a query value whole") {
  TestServer test;
  Seen seen;
  test.server().Get(R"(/orders/(.+))", [&](const httplib::Request& request,
                                           httplib::Response& response) {
    std::lock_guard lock(seen.mutex);
    seen.target = request.target;
    seen.path = request.path;
    seen.captured = request.matches[1];
    seen.params = request.params;
    response.set_content("{}", "application/json");
  });
  test.server().Get(R"(/admin.*)", [](const httplib::Request&, httplib::Response& response) {
    response.status = 418;
  });
  test.Start();
  const std::string hostile = "../../admin?x=1#frag";
  HttpCall call = Get(test.base_url(), "/orders/" + EncodePathValue(hostile));
  call.query = {{"q", "a&b=c d"}};
  HttpOutcome outcome = NewHttpClient()->Send(call);
  REQUIRE_MESSAGE(outcome.kind == Kind::kResponse, outcome.error);
  CHECK(outcome.status == 200);

  std::lock_guard lock(seen.mutex);
  CHECK(seen.target == "/orders/..%2F..%2Fadmin%3Fx%3D1%23frag?q=a%26b%3Dc%20d");
  CHECK(seen.captured == hostile);
  REQUIRE(seen.params.size() == 1);
  CHECK(seen.params.begin()->first == "q");
  CHECK(seen.params.begin()->second == "a&b=c d");
}

TEST_CASE("HttpClient follows no redirects") {
  TestServer test;
  std::atomic<int> elsewhere_hits{0};
  test.server().Get("/moved", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/elsewhere");
  });
  test.server().Get("/elsewhere", [&](const httplib::Request&, httplib::Response& response) {
    ++elsewhere_hits;
    response.set_content("{}", "application/json");
  });
  test.Start();
  HttpOutcome outcome = NewHttpClient()->Send(Get(test.base_url(), "/moved"));
  REQUIRE(outcome.kind == Kind::kResponse);
  CHECK(outcome.status == 302);
  CHECK(elsewhere_hits == 0);
}

TEST_CASE("HttpClient refuses a malformed call without sending it") {
  TestServer test;
  std::atomic<int> hits{0};
  test.server().Get("/x", [&](const httplib::Request&, httplib::Response&) { ++hits; });
  test.Start();
  auto client = NewHttpClient();
  std::vector<HttpCall> calls(8, Get(test.base_url(), "/x"));
  calls[0].method = "TRACE";
  calls[1].base_url = "ftp://127.0.0.1";
  calls[2].path = "/x?admin=1";
  calls[3].path = "x";
  calls[4].headers = {{"X-Evil", "a\r\nX-Injected: 1"}};
  calls[5].headers = {{"Bad Name", "1"}};
  calls[6].idempotency_key = "k\nX-Injected: 1";
  calls[7].timeout_ms = 0;
  for (size_t i = 0; i < calls.size(); ++i) {
    CAPTURE(i);
    HttpOutcome outcome = client->Send(calls[i]);
    CHECK(outcome.kind == Kind::kInvalidRequest);
    CHECK(outcome.attempts == 0);
    CHECK_FALSE(outcome.error.empty());
  }
  CHECK(hits == 0);
}

TEST_CASE("HttpClient serves calls from several threads at once") {
  auto orders = StartService(LUMI_ORDER_SERVICE_BIN);
  auto client = NewHttpClient();
  std::atomic<int> shipped{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        HttpOutcome outcome = client->Send(Get(orders->base_url(), "/orders/1234567"));
        if (outcome.kind == Kind::kResponse && outcome.status == 200 &&
            outcome.body.find("shipped") != std::string::npos) {
          ++shipped;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(shipped == 40);
}

TEST_CASE("HttpOutcomeKindName gives the slot names of the flow language") {
  CHECK(HttpOutcomeKindName(Kind::kTimeout) == "timeout");
  CHECK(HttpOutcomeKindName(Kind::kUnreachable) == "unreachable");
  CHECK(HttpOutcomeKindName(Kind::kTooLarge) == "too_large");
}

}  // namespace
}  // namespace switchboard
