// The HTTP client over loopback: against the real sample services, and against a
// small server in the test that misbehaves on purpose (slow, huge, flaky, not JSON).
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "actions/http_action.h"
#include "support/service_process.h"

using namespace switchboard;
using switchboard::testing::ServiceProcess;

namespace {

// An httplib::Server on a free port, run in a thread for the test's lifetime.
class TestServer {
 public:
  TestServer() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~TestServer() {
    // stop() only ends a server that has started running.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server_.stop();
    thread_.join();
  }
  httplib::Server& server() { return server_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// A port nothing listens on: bound, then closed.
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

HttpCall Get(const std::string& base_url, const std::string& path) {
  HttpCall call;
  call.base_url = base_url;
  call.path = path;
  call.timeout_ms = 2000;
  return call;
}

}  // namespace

TEST_CASE("HttpClient reads an order from the sample order service and maps it into slots") {
  auto service = ServiceProcess::Start(LUMI_ORDER_SERVICE_BIN, {"--port", "0"});
  REQUIRE(service.ok());
  auto client = NewHttpClient();
  HttpOutcome found = client->Send(Get((*service)->base_url(), "/orders/" + EncodePathValue("1234567")));
  REQUIRE(found.kind == HttpOutcome::Kind::kResponse);
  CHECK(found.status == 200);
  auto slots = MapJsonResponse(found.body, {{"status", "/status"}, {"tracking", "/tracking"}, {"missing", "/nope"}});
  REQUIRE(slots.ok());
  REQUIRE(slots->size() == 2);
  CHECK((*slots)[0] == std::pair<std::string, std::string>{"status", "shipped"});
  CHECK((*slots)[1].first == "tracking");
  CHECK_FALSE((*slots)[1].second.empty());

  HttpOutcome unknown = client->Send(Get((*service)->base_url(), "/orders/7777777"));
  CHECK(unknown.kind == HttpOutcome::Kind::kResponse);
  CHECK(unknown.status == 404);
  CHECK(unknown.attempts == 1);  // a 4xx is an answer, not retried
}

TEST_CASE("HttpClient books a slot and a second booking of it answers 409") {
  auto service = ServiceProcess::Start(LUMI_BOOKING_SERVICE_BIN, {"--port", "0", "--today", "2030-12-27"});
  REQUIRE(service.ok());
  auto client = NewHttpClient();
  HttpCall slots = Get((*service)->base_url(), "/slots");
  slots.query = {{"date", "2030-12-28"}, {"service", "manicure"}, {"master", "any"}};
  HttpOutcome listed = client->Send(slots);
  REQUIRE(listed.status == 200);
  auto free = MapJsonResponse(listed.body, {{"slots", "/slots"}});
  REQUIRE(free.ok());
  auto options = OptionsFromJson((*free)[0].second, "", "");
  REQUIRE(options.ok());
  REQUIRE_FALSE(options->empty());

  HttpCall book = Get((*service)->base_url(), "/bookings");
  book.method = "POST";
  book.body = JsonObjectBody({{"service", "manicure"}, {"master", "any"}, {"date", "2030-12-28"},
                              {"time", (*options)[0].value}, {"name", "Анна"}, {"phone", "+79161234567"}});
  HttpOutcome created = client->Send(book);
  CHECK(created.status == 201);
  HttpOutcome again = client->Send(book);
  CHECK(again.status == 409);
  CHECK(again.body.find("slot_taken") != std::string::npos);
}

TEST_CASE("A slow service times out; GET is retried, POST is not") {
  auto service = ServiceProcess::Start(LUMI_ORDER_SERVICE_BIN, {"--port", "0", "--delay-ms", "1500"});
  REQUIRE(service.ok());
  auto client = NewHttpClient();
  HttpCall get = Get((*service)->base_url(), "/orders/1234567");
  get.timeout_ms = 200;
  get.retries = 1;
  HttpOutcome slow = client->Send(get);
  CHECK(slow.kind == HttpOutcome::Kind::kTimeout);
  CHECK(slow.attempts == 2);
  HttpCall post = get;
  post.method = "POST";
  post.body = "{}";
  HttpOutcome once = client->Send(post);
  CHECK(once.kind == HttpOutcome::Kind::kTimeout);
  CHECK(once.attempts == 1);
}

TEST_CASE("A closed port is unreachable and a bad base URL is refused before any connection") {
  auto client = NewHttpClient();
  HttpOutcome closed = client->Send(Get("http://127.0.0.1:" + std::to_string(ClosedPort()), "/orders/1"));
  CHECK(closed.kind == HttpOutcome::Kind::kUnreachable);
  CHECK(closed.error.find("cannot reach") != std::string::npos);
  HttpOutcome bad = client->Send(Get("ftp://127.0.0.1", "/x"));
  CHECK(bad.kind == HttpOutcome::Kind::kInvalidRequest);
}

TEST_CASE("A response over the size limit is cut off while reading") {
  TestServer server;
  server.server().Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(1 << 20, 'x'), "application/json");
  });
  HttpCall call = Get(server.base_url(), "/big");
  call.max_response_bytes = 64 * 1024;
  HttpOutcome outcome = NewHttpClient()->Send(call);
  CHECK(outcome.kind == HttpOutcome::Kind::kTooLarge);
  CHECK(outcome.body.empty());
}

TEST_CASE("A 503 is retried for GET and the second answer wins") {
  TestServer server;
  std::atomic<int> hits{0};
  server.server().Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
    if (++hits == 1) {
      res.status = 503;
      return;
    }
    res.set_content(R"({"ok":true})", "application/json");
  });
  HttpCall call = Get(server.base_url(), "/flaky");
  call.retries = 2;
  HttpOutcome outcome = NewHttpClient()->Send(call);
  CHECK(outcome.status == 200);
  CHECK(outcome.attempts == 2);
}

TEST_CASE("Headers, the idempotency key and hostile values arrive as sent, encoded into one segment") {
  TestServer server;
  std::string seen_segment, seen_query, seen_key, seen_auth, raw_path;
  server.server().Get(R"(/orders/(.*))", [&](const httplib::Request& req, httplib::Response& res) {
    seen_segment = req.matches[1];
    raw_path = req.target;
    seen_query = req.get_param_value("q");
    seen_key = req.get_header_value("Idempotency-Key");
    seen_auth = req.get_header_value("Authorization");
    res.set_content("{}", "application/json");
  });
  HttpCall call = Get(server.base_url(), "/orders/" + EncodePathValue("../../admin?x=1#frag"));
  call.query = {{"q", "a&b=c d"}};
  call.headers = {{"Authorization", "Bearer secret"}};
  call.idempotency_key = "s1:m1:order.lookup";
  HttpOutcome outcome = NewHttpClient()->Send(call);
  REQUIRE(outcome.status == 200);
  CHECK(raw_path.rfind("/orders/..%2F..%2Fadmin%3Fx%3D1%23frag?", 0) == 0);
  CHECK(seen_segment == "../../admin?x=1#frag");  // decoded by the server: one value
  CHECK(seen_query == "a&b=c d");
  CHECK(seen_key == "s1:m1:order.lookup");
  CHECK(seen_auth == "Bearer secret");
}

TEST_CASE("EncodePathValue keeps unreserved characters and encodes everything else, Cyrillic as UTF-8") {
  CHECK(EncodePathValue("LM-10001_a.b~") == "LM-10001_a.b~");
  CHECK(EncodePathValue("a/b c") == "a%2Fb%20c");
  CHECK(EncodePathValue("ж") == "%D0%B6");
  CHECK(EncodePathValue("..") == "%2E%2E");
  CHECK(EncodeQueryValue("a+b=c&d") == "a%2Bb%3Dc%26d");
}

TEST_CASE("ValidateBaseUrl accepts a host with a port and prefix and refuses the rest") {
  CHECK(ValidateBaseUrl("http://127.0.0.1:8081").ok());
  CHECK(ValidateBaseUrl("https://booking.lumi.example/api/v1").ok());
  CHECK_FALSE(ValidateBaseUrl("ftp://x").ok());
  CHECK_FALSE(ValidateBaseUrl("http://").ok());
  CHECK_FALSE(ValidateBaseUrl("http://a@b").ok());
  CHECK_FALSE(ValidateBaseUrl("http://host/path?q").ok());
  CHECK_FALSE(ValidateBaseUrl("http://host:port").ok());
  CHECK_FALSE(ValidateBaseUrl("http://ho st").ok());
}

TEST_CASE("MapJsonResponse keeps arrays as JSON and refuses a body that is not JSON") {
  auto mapped = MapJsonResponse(R"({"a":{"b":[1,"x"]},"n":null,"t":true,"num":2.5})",
                                {{"list", "/a/b"}, {"n", "/n"}, {"t", "/t"}, {"num", "/num"}, {"all", ""}});
  REQUIRE(mapped.ok());
  CHECK((*mapped)[0].second == R"([1,"x"])");
  CHECK((*mapped)[1].second == "");
  CHECK((*mapped)[2].second == "true");
  CHECK((*mapped)[3].second == "2.5");
  CHECK((*mapped)[4].first == "all");
  auto broken = MapJsonResponse("<html>", {{"a", "/a"}});
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status().message().rfind("bad JSON", 0) == 0);
}

TEST_CASE("OptionsFromJson reads strings and objects by pointer") {
  auto strings = OptionsFromJson(R"(["10:00","11:00"])", "", "");
  REQUIRE(strings.ok());
  CHECK(strings->size() == 2);
  CHECK((*strings)[1].label == "11:00");
  auto objects = OptionsFromJson(R"([{"id":"anna","name":{"ru":"Анна"}},{"name":{"ru":"?"}}])", "/id", "/name/ru");
  REQUIRE(objects.ok());
  REQUIRE(objects->size() == 1);  // an object without a value is skipped
  CHECK((*objects)[0].value == "anna");
  CHECK((*objects)[0].label == "Анна");
  CHECK_FALSE(OptionsFromJson("{}", "", "").ok());
}

TEST_CASE("JsonObjectBody escapes quotes and keeps UTF-8") {
  CHECK(JsonObjectBody({{"name", "Анна \"Ку\""}}) == R"({"name":"Анна \"Ку\""})");
}
