// Tests of the sample order system: the real lumi_order_service program runs as a
// child process on a free port with samples/order_service/seed.json, and the tests look
// orders up over loopback HTTP.
#include <httplib.h>
#include <signal.h>

#include <cstdio>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/service_process.h"

namespace {

using nlohmann::json;
using switchboard::testing::RunToExit;
using switchboard::testing::ServiceProcess;

std::unique_ptr<ServiceProcess> StartOrders(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--port", "0"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto process = ServiceProcess::Start(LUMI_ORDER_SERVICE_BIN, args);
  REQUIRE_MESSAGE(process.ok(), process.status().ToString());
  return std::move(process).value();
}

struct Reply {
  int status = 0;
  json body;
  std::string content_type;
};

Reply Get(const ServiceProcess& service, const std::string& path) {
  httplib::Client client(service.host(), service.port());
  auto result = client.Get(path);
  REQUIRE_MESSAGE(result, "request failed: " << httplib::to_string(result.error()));
  return Reply{result->status, json::parse(result->body, nullptr, false),
               result->get_header_value("Content-Type")};
}

}  // namespace

TEST_CASE("Order service answers each status of the brief") {
  auto service = StartOrders();
  const std::pair<const char*, const char*> orders[] = {
      {"100200", "accepted"},   {"2345678", "paid"},
      {"3456789", "assembling"}, {"1234567", "shipped"},
      {"LM-10001", "ready_for_pickup"}, {"7654321", "delivered"},
      {"98765432", "cancelled"}};
  for (const auto& [number, status] : orders) {
    CAPTURE(number);
    Reply reply = Get(*service, std::string("/orders/") + number);
    CHECK(reply.status == 200);
    CHECK(reply.content_type == "application/json; charset=utf-8");
    CHECK(reply.body.at("number") == number);
    CHECK(reply.body.at("status") == status);
    CHECK_FALSE(reply.body.at("items").empty());
    CHECK(reply.body.at("updated_at").get<std::string>().size() == 25);
    // Only a shipped order carries a tracking number.
    CHECK(reply.body.contains("tracking") == (std::string(status) == "shipped"));
  }
}

TEST_CASE("A shipped order carries its carrier, tracking number, items and total") {
  auto service = StartOrders();
  Reply reply = Get(*service, "/orders/1234567");
  REQUIRE(reply.status == 200);
  CHECK(reply.body.at("carrier") == "CDEK");
  CHECK(reply.body.at("tracking") == "CDEK-1234567890");
  CHECK(reply.body.at("delivery") == "cdek");
  REQUIRE(reply.body.at("items").size() == 2);
  CHECK(reply.body.at("items").at(0).at("name") == "Сыворотка для лица Lumi Glow, 30 мл");
  CHECK(reply.body.at("items").at(0).at("qty") == 1);
  CHECK(reply.body.at("items").at(0).at("price") == 2900);
  // 2900 + 690 + 450 delivery.
  CHECK(reply.body.at("total") == 4040);
  CHECK(reply.body.at("updated_at") == "2025-12-20T14:05:00+03:00");
}

TEST_CASE("LM- order numbers are found in any letter case, with a dash, a space or neither") {
  auto service = StartOrders();
  for (const char* number : {"LM-10001", "lm-10001", "Lm-10001", "lM-10001", "LM%2010001",
                             "lm10001"}) {
    CAPTURE(number);
    Reply reply = Get(*service, std::string("/orders/") + number);
    CHECK(reply.status == 200);
    CHECK(reply.body.at("number") == "LM-10001");
  }
}

TEST_CASE("Malformed order numbers answer 400 and unknown ones 404") {
  auto service = StartOrders();
  for (const char* number : {"12345", "123456789", "12a4567", "LM-", "LM", "LM--10001",
                             "LM-12x", "XX-10001", "%20123456", "-123456", "LM-10001%20", ""}) {
    CAPTURE(number);
    Reply reply = Get(*service, std::string("/orders/") + number);
    CHECK(reply.status == 400);
    CHECK(reply.body == json{{"error", "bad_number"}});
  }
  for (const char* number : {"1111111", "999999", "LM-99999"}) {
    CAPTURE(number);
    Reply reply = Get(*service, std::string("/orders/") + number);
    CHECK(reply.status == 404);
    CHECK(reply.body == json{{"error", "not_found"}});
  }
}

TEST_CASE("Unknown paths of the order service answer a JSON 404") {
  auto service = StartOrders();
  Reply reply = Get(*service, "/orders");
  CHECK(reply.status == 404);
  CHECK(reply.body == json{{"error", "not_found"}});
  CHECK(Get(*service, "/orders/1234567/items").status == 404);
  CHECK(Get(*service, "/health").body == json{{"status", "ok"}});
}

TEST_CASE("With --delay-ms an order lookup with a short read timeout fails") {
  auto service = StartOrders({"--delay-ms", "2000"});
  httplib::Client impatient(service->host(), service->port());
  impatient.set_read_timeout(0, 200 * 1000);
  auto result = impatient.Get("/orders/1234567");
  CHECK_FALSE(result);
  CHECK(result.error() == httplib::Error::Read);
}

TEST_CASE("The order service stops cleanly on SIGTERM") {
  auto service = StartOrders();
  CHECK(Get(*service, "/orders/7654321").status == 200);
  CHECK(service->Stop(SIGTERM) == 0);
}

TEST_CASE("The order service refuses bad options and broken seed files") {
  const std::string bin = LUMI_ORDER_SERVICE_BIN;
  CHECK(RunToExit(bin, {"--today", "2030-12-27"}) == 2);  // a booking-service option
  CHECK(RunToExit(bin, {"--delay-ms", "-5"}) == 2);
  CHECK(RunToExit(bin, {"--port", "0", "--seed", "/nonexistent/seed.json"}) == 2);
  std::string path = "/tmp/lumi_bad_orders_" + std::to_string(getpid()) + ".json";
  for (const char* text :
       {R"({"orders": [{"number": "12", "status": "paid", "delivery": "cdek",
                        "items": [{"name": "x", "price": 1}], "updated_at": "t"}]})",
        R"({"orders": [{"number": "123456", "status": "lost", "delivery": "cdek",
                        "items": [{"name": "x", "price": 1}], "updated_at": "t"}]})",
        R"({"orders": [{"number": "123456", "status": "shipped", "delivery": "cdek",
                        "items": [{"name": "x", "price": 1}], "updated_at": "t"}]})"}) {
    CAPTURE(text);
    std::ofstream(path) << text;
    CHECK(RunToExit(bin, {"--port", "0", "--seed", path}) == 2);
  }
  std::remove(path.c_str());
}
