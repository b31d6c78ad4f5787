// Tests of the sample booking system: the real lumi_booking_service program runs as a
// child process on a free port with today frozen at Friday 27 Dec 2030, and the tests
// talk to it over loopback HTTP. The seed is samples/booking_service/seed.json; its
// bookings by day offset fall on 27, 28, 29 and 30 Dec.
#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/service_process.h"

namespace {

using nlohmann::json;
using switchboard::testing::RunToExit;
using switchboard::testing::ServiceProcess;

constexpr const char* kToday = "2030-12-27";     // a Friday
constexpr const char* kSaturday = "2030-12-28";  // seed day_offset 1
constexpr const char* kMonday = "2030-12-30";

std::unique_ptr<ServiceProcess> StartBooking(std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--port", "0", "--today", kToday};
  args.insert(args.end(), extra.begin(), extra.end());
  auto process = ServiceProcess::Start(LUMI_BOOKING_SERVICE_BIN, args);
  REQUIRE_MESSAGE(process.ok(), process.status().ToString());
  return std::move(process).value();
}

// One HTTP exchange: status and parsed JSON body (null when the body is not JSON).
struct Reply {
  int status = 0;
  json body;
  std::string content_type;
};

Reply ToReply(const httplib::Result& result) {
  REQUIRE_MESSAGE(result, "request failed: " << httplib::to_string(result.error()));
  Reply reply;
  reply.status = result->status;
  reply.body = json::parse(result->body, nullptr, false);
  reply.content_type = result->get_header_value("Content-Type");
  return reply;
}

class BookingClient {
 public:
  explicit BookingClient(const ServiceProcess& process)
      : client_(process.host(), process.port()) {}
  Reply Get(const std::string& path) { return ToReply(client_.Get(path)); }
  Reply Delete(const std::string& path) { return ToReply(client_.Delete(path)); }
  Reply Post(const std::string& path, const std::string& body,
             const httplib::Headers& headers = {}) {
    return ToReply(client_.Post(path, headers, body, "application/json"));
  }
  Reply Patch(const std::string& path, const json& body) {
    return ToReply(client_.Patch(path, body.dump(), "application/json"));
  }
  Reply Book(const json& request) { return Post("/bookings", request.dump()); }
  std::vector<std::string> Slots(const std::string& date, const std::string& service,
                                 const std::string& master = "any") {
    Reply reply = Get("/slots?date=" + date + "&service=" + service + "&master=" + master);
    REQUIRE(reply.status == 200);
    return reply.body.at("slots").get<std::vector<std::string>>();
  }

 private:
  httplib::Client client_;
};

json Request(const std::string& service, const std::string& master, const std::string& date,
             const std::string& time) {
  return {{"service", service}, {"master", master}, {"date", date}, {"time", time},
          {"name", "Вера"}, {"phone", "+7 916 123-45-67"}};
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<std::string> Ids(const json& list) {
  std::vector<std::string> ids;
  for (const json& item : list) ids.push_back(item.at("id").get<std::string>());
  return ids;
}

}  // namespace

TEST_CASE("Booking service lists the salon's services with prices and durations") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply reply = client.Get("/services");
  CHECK(reply.status == 200);
  CHECK(reply.content_type == "application/json; charset=utf-8");
  CHECK(Ids(reply.body) == std::vector<std::string>{"womens_haircut", "mens_haircut",
                                                     "kids_haircut", "colouring", "manicure",
                                                     "pedicure", "gel_manicure", "brows"});
  const json& manicure = reply.body.at(4);
  CHECK(manicure.at("name").at("ru") == "Маникюр");
  CHECK(manicure.at("name").at("en") == "Manicure");
  CHECK(manicure.at("price") == 2000);
  CHECK(manicure.at("duration_min") == 60);
  CHECK_FALSE(manicure.contains("price_from"));
  const json& colouring = reply.body.at(3);
  CHECK(colouring.at("price") == 5500);
  CHECK(colouring.at("price_from") == true);
  CHECK(reply.body.at(2).at("weekends_only") == true);
}

TEST_CASE("Booking service names the masters who do a service") {
  auto service = StartBooking();
  BookingClient client(*service);
  CHECK(Ids(client.Get("/masters").body) ==
        std::vector<std::string>{"anna", "maria", "oleg", "svetlana"});
  CHECK(Ids(client.Get("/masters?service=manicure").body) ==
        std::vector<std::string>{"maria", "svetlana"});
  CHECK(Ids(client.Get("/masters?service=mens_haircut").body) ==
        std::vector<std::string>{"anna", "oleg"});
  CHECK(Ids(client.Get("/masters?service=colouring").body) == std::vector<std::string>{"anna"});
  CHECK(Ids(client.Get("/masters?service=pedicure").body) == std::vector<std::string>{"maria"});
  CHECK(Ids(client.Get("/masters?service=brows").body) ==
        std::vector<std::string>{"svetlana"});
  Reply anna = client.Get("/masters?service=colouring");
  CHECK(anna.body.at(0).at("name").at("ru") == "Анна");

  Reply unknown = client.Get("/masters?service=tattoo");
  CHECK(unknown.status == 404);
  CHECK(unknown.body == json{{"error", "unknown_service"}});
}

TEST_CASE("Free slots start on the hour and leave out a master's booked time") {
  auto service = StartBooking();
  BookingClient client(*service);
  // Maria is booked at 10:00 (manicure) and 12:00–13:30 (pedicure) on Saturday.
  Reply reply = client.Get(std::string("/slots?date=") + kSaturday +
                           "&service=manicure&master=maria");
  CHECK(reply.status == 200);
  CHECK(reply.body.at("date") == kSaturday);
  CHECK(reply.body.at("closed") == false);
  CHECK(reply.body.at("slots") == json{"11:00", "14:00", "15:00", "16:00", "17:00", "18:00",
                                       "19:00", "20:00"});
  // A whole visit must fit before 21:00: colouring takes 150 minutes.
  std::vector<std::string> colouring = client.Slots(kMonday, "colouring", "anna");
  CHECK(colouring.front() == "10:00");
  CHECK(colouring.back() == "18:00");
  // Anna's colouring at 14:00–16:30 on Saturday also blocks a 13:00 colouring.
  std::vector<std::string> saturday = client.Slots(kSaturday, "colouring", "anna");
  CHECK_FALSE(Has(saturday, "11:00"));
  CHECK_FALSE(Has(saturday, "13:00"));
  CHECK(Has(saturday, "17:00"));
}

TEST_CASE("With master any a slot is free when any suitable master is free") {
  auto service = StartBooking();
  BookingClient client(*service);
  // Maria is busy at 10:00 on Saturday, Svetlana is not.
  CHECK_FALSE(Has(client.Slots(kSaturday, "manicure", "maria"), "10:00"));
  CHECK(Has(client.Slots(kSaturday, "manicure", "svetlana"), "10:00"));
  CHECK(Has(client.Slots(kSaturday, "manicure", "any"), "10:00"));
  // Without a master parameter, any master is meant.
  Reply reply = client.Get(std::string("/slots?date=") + kSaturday + "&service=manicure");
  CHECK(Has(reply.body.at("slots").get<std::vector<std::string>>(), "10:00"));
  // Oleg and Anna are both busy at 11:00 on Saturday, so no men's haircut then.
  CHECK_FALSE(Has(client.Slots(kSaturday, "mens_haircut", "any"), "11:00"));
  CHECK(Has(client.Slots(kSaturday, "mens_haircut", "any"), "12:00"));
}

TEST_CASE("The salon closes at 16:00 on 31 December") {
  auto service = StartBooking();
  BookingClient client(*service);
  CHECK(client.Slots("2030-12-31", "womens_haircut") ==
        std::vector<std::string>{"10:00", "11:00", "12:00", "13:00", "14:00", "15:00"});
  CHECK(client.Slots("2030-12-31", "colouring").back() == "13:00");
  Reply late = client.Book(Request("womens_haircut", "anna", "2030-12-31", "16:00"));
  CHECK(late.status == 409);
  CHECK(late.body.at("error") == "slot_unavailable");
}

TEST_CASE("The salon is closed on 1 January") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply reply = client.Get("/slots?date=2031-01-01&service=manicure&master=any");
  CHECK(reply.status == 200);
  CHECK(reply.body.at("closed") == true);
  CHECK(reply.body.at("slots").empty());
  Reply booking = client.Book(Request("manicure", "any", "2031-01-01", "12:00"));
  CHECK(booking.status == 409);
  CHECK(booking.body.at("error") == "slot_unavailable");
  // The day after is an ordinary day again.
  CHECK(client.Slots("2031-01-02", "manicure").size() == 11);
}

TEST_CASE("Children's haircuts are offered on weekends only") {
  auto service = StartBooking();
  BookingClient client(*service);
  CHECK(client.Slots(kMonday, "kids_haircut").empty());
  CHECK_FALSE(client.Slots(kSaturday, "kids_haircut").empty());
  CHECK(client.Book(Request("kids_haircut", "anna", kMonday, "12:00")).status == 409);
  CHECK(client.Book(Request("kids_haircut", "anna", kSaturday, "12:00")).status == 201);
}

TEST_CASE("Slots of a past day are refused and a malformed date is a bad request") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply past = client.Get("/slots?date=2030-12-26&service=manicure");
  CHECK(past.status == 400);
  CHECK(past.body == json{{"error", "past_date"}});
  for (const char* date : {"2030-02-30", "30.12.2030", "2030-12-3", "tomorrow", ""}) {
    CAPTURE(date);
    Reply bad = client.Get(std::string("/slots?date=") + date + "&service=manicure");
    CHECK(bad.status == 400);
    CHECK(bad.body == json{{"error", "bad_date"}});
  }
  CHECK(client.Get("/slots?service=manicure").body == json{{"error", "bad_date"}});
  // Today is not past.
  CHECK(client.Get(std::string("/slots?date=") + kToday + "&service=manicure").status == 200);
  Reply booking = client.Book(Request("manicure", "any", "2030-12-20", "12:00"));
  CHECK(booking.status == 400);
  CHECK(booking.body.at("error") == "past_date");
}

TEST_CASE("Slots for an unknown service or master answer 404") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply no_service = client.Get(std::string("/slots?date=") + kMonday + "&service=tattoo");
  CHECK(no_service.status == 404);
  CHECK(no_service.body == json{{"error", "unknown_service"}});
  Reply no_master =
      client.Get(std::string("/slots?date=") + kMonday + "&service=manicure&master=ivan");
  CHECK(no_master.status == 404);
  CHECK(no_master.body == json{{"error", "unknown_master"}});
  // Oleg exists but does not do manicures.
  Reply wrong = client.Get(std::string("/slots?date=") + kMonday + "&service=manicure&master=oleg");
  CHECK(wrong.status == 400);
  CHECK(wrong.body == json{{"error", "invalid"}, {"field", "master"}});
  Reply missing = client.Get(std::string("/slots?date=") + kMonday);
  CHECK(missing.status == 400);
  CHECK(missing.body == json{{"error", "invalid"}, {"field", "service"}});
}

TEST_CASE("A booking is created, found and cancelled, and cancelling frees its slot") {
  auto service = StartBooking();
  BookingClient client(*service);
  REQUIRE(Has(client.Slots(kMonday, "pedicure", "maria"), "15:00"));

  Reply created = client.Book(Request("pedicure", "maria", kMonday, "15:00"));
  CHECK(created.status == 201);
  CHECK(created.body.at("id") == "B-1001");
  CHECK(created.body.at("status") == "confirmed");
  CHECK(created.body.at("service") == "pedicure");
  CHECK(created.body.at("master") == "maria");
  CHECK(created.body.at("master_name").at("ru") == "Мария");
  CHECK(created.body.at("service_name").at("en") == "Pedicure");
  CHECK(created.body.at("price") == 2800);
  CHECK(created.body.at("date") == kMonday);
  CHECK(created.body.at("time") == "15:00");
  CHECK(created.body.at("name") == "Вера");
  CHECK(created.body.at("phone") == "+79161234567");
  // Pedicure takes 90 minutes: 15:00 and 16:00 are gone.
  CHECK_FALSE(Has(client.Slots(kMonday, "pedicure", "maria"), "15:00"));
  CHECK_FALSE(Has(client.Slots(kMonday, "manicure", "maria"), "16:00"));

  Reply found = client.Get("/bookings/B-1001");
  CHECK(found.status == 200);
  CHECK(found.body == created.body);

  Reply cancelled = client.Delete("/bookings/B-1001");
  CHECK(cancelled.status == 200);
  CHECK(cancelled.body.at("id") == "B-1001");
  CHECK(cancelled.body.at("status") == "cancelled");
  CHECK(client.Get("/bookings/B-1001").body.at("status") == "cancelled");
  CHECK(Has(client.Slots(kMonday, "pedicure", "maria"), "15:00"));
  // Cancelling again changes nothing and is not an error.
  CHECK(client.Delete("/bookings/B-1001").status == 200);

  CHECK(client.Book(Request("manicure", "maria", kMonday, "15:00")).body.at("id") == "B-1002");
}

TEST_CASE("Unknown booking ids answer 404") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply get = client.Get("/bookings/B-9999");
  CHECK(get.status == 404);
  CHECK(get.body == json{{"error", "not_found"}});
  Reply del = client.Delete("/bookings/B-9999");
  CHECK(del.status == 404);
  CHECK(del.body == json{{"error", "not_found"}});
}

TEST_CASE("Seed bookings by day offset land on days counted from today") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply today = client.Get("/bookings/B-0001");
  CHECK(today.status == 200);
  CHECK(today.body.at("date") == kToday);
  CHECK(today.body.at("time") == "12:00");
  CHECK(client.Get("/bookings/B-0005").body.at("date") == kSaturday);
  CHECK_FALSE(Has(client.Slots(kToday, "womens_haircut", "anna"), "12:00"));
}

TEST_CASE("Booking a taken slot answers 409 slot_taken") {
  auto service = StartBooking();
  BookingClient client(*service);
  // Seeded: Maria's manicure at 10:00 on Saturday.
  Reply seeded = client.Book(Request("manicure", "maria", kSaturday, "10:00"));
  CHECK(seeded.status == 409);
  CHECK(seeded.body == json{{"error", "slot_taken"}});
  // Booked twice over HTTP.
  CHECK(client.Book(Request("brows", "svetlana", kMonday, "13:00")).status == 201);
  Reply twice = client.Book(Request("brows", "svetlana", kMonday, "13:00"));
  CHECK(twice.status == 409);
  CHECK(twice.body == json{{"error", "slot_taken"}});
  // Overlapping: Anna's colouring 14:00–16:30 on Saturday; a 13:00 colouring would run into it.
  CHECK(client.Book(Request("colouring", "anna", kSaturday, "13:00")).status == 409);
  // Another master at the same time is fine.
  CHECK(client.Book(Request("brows", "svetlana", kMonday, "14:00")).status == 201);
}

TEST_CASE("Booking with any master assigns a free suitable master until all are busy") {
  auto service = StartBooking();
  BookingClient client(*service);
  // 10:00 Saturday: Maria is seeded busy, so Svetlana gets it.
  Reply first = client.Book(Request("manicure", "any", kSaturday, "10:00"));
  CHECK(first.status == 201);
  CHECK(first.body.at("master") == "svetlana");
  Reply full = client.Book(Request("manicure", "any", kSaturday, "10:00"));
  CHECK(full.status == 409);
  CHECK(full.body.at("error") == "slot_taken");
  CHECK_FALSE(Has(client.Slots(kSaturday, "manicure", "any"), "10:00"));

  // 17:00 Monday: both free; two bookings take both masters, a third finds none.
  std::vector<std::string> masters;
  for (int i = 0; i < 2; ++i) {
    Reply reply = client.Book(Request("manicure", "any", kMonday, "17:00"));
    REQUIRE(reply.status == 201);
    masters.push_back(reply.body.at("master").get<std::string>());
  }
  std::sort(masters.begin(), masters.end());
  CHECK(masters == std::vector<std::string>{"maria", "svetlana"});
  CHECK(client.Book(Request("manicure", "any", kMonday, "17:00")).status == 409);
}

TEST_CASE("Concurrent bookings of one slot: exactly one succeeds") {
  auto service = StartBooking();
  std::atomic<int> created{0};
  std::atomic<int> taken{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      httplib::Client client(service->host(), service->port());
      auto result = client.Post("/bookings", Request("brows", "svetlana", kMonday, "19:00").dump(),
                                "application/json");
      if (result && result->status == 201) ++created;
      if (result && result->status == 409) ++taken;
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(created == 1);
  CHECK(taken == 7);
}

TEST_CASE("Missing or invalid booking fields answer 400 naming the field") {
  auto service = StartBooking();
  BookingClient client(*service);
  const json good = Request("manicure", "maria", kMonday, "12:00");
  for (const char* field : {"service", "master", "date", "time", "name", "phone"}) {
    CAPTURE(field);
    json request = good;
    request.erase(field);
    Reply reply = client.Book(request);
    CHECK(reply.status == 400);
    CHECK(reply.body == json{{"error", "invalid"}, {"field", field}});
  }
  struct Case {
    const char* field;
    json value;
  };
  const Case cases[] = {
      {"phone", "12345"},         {"phone", "+1 212 555-01-23"}, {"phone", "8916123456a"},
      {"phone", 89161234567},     {"name", "   "},               {"name", "a\nb"},
      {"name", std::string(101, 'x')}, {"date", "30.12.2030"},    {"date", "2030-02-30"},
      {"time", "25:00"},          {"time", "10"},                {"master", 7}};
  for (const Case& c : cases) {
    CAPTURE(c.field);
    CAPTURE(c.value.dump());
    json request = good;
    request[c.field] = c.value;
    Reply reply = client.Book(request);
    CHECK(reply.status == 400);
    CHECK(reply.body == json{{"error", "invalid"}, {"field", c.field}});
  }
  // A master who does not do the service.
  CHECK(client.Book(Request("manicure", "oleg", kMonday, "12:00")).body ==
        json{{"error", "invalid"}, {"field", "master"}});
  // Phones in the 8 and +7 formats are both accepted and stored alike.
  json eight = good;
  eight["phone"] = "8 (916) 765-43-21";
  CHECK(client.Book(eight).body.at("phone") == "+79167654321");
}

TEST_CASE("A booking time the salon does not offer answers 409 slot_unavailable") {
  auto service = StartBooking();
  BookingClient client(*service);
  for (const char* time : {"10:30", "09:00", "20:30", "21:00"}) {
    CAPTURE(time);
    Reply reply = client.Book(Request("manicure", "maria", kMonday, time));
    CHECK(reply.status == 409);
    CHECK(reply.body == json{{"error", "slot_unavailable"}});
  }
  CHECK(client.Book(Request("manicure", "maria", kMonday, "20:00")).status == 201);
}

TEST_CASE("Bookings for an unknown service or master answer 404") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply no_service = client.Book(Request("tattoo", "any", kMonday, "12:00"));
  CHECK(no_service.status == 404);
  CHECK(no_service.body == json{{"error", "unknown_service"}});
  Reply no_master = client.Book(Request("manicure", "ivan", kMonday, "12:00"));
  CHECK(no_master.status == 404);
  CHECK(no_master.body == json{{"error", "unknown_master"}});
}

TEST_CASE("A body that is not a JSON object answers 400 bad_json") {
  auto service = StartBooking();
  BookingClient client(*service);
  for (const char* body : {"{bad", "", "[1, 2]", "\"text\""}) {
    CAPTURE(body);
    Reply reply = client.Post("/bookings", body);
    CHECK(reply.status == 400);
    CHECK(reply.body == json{{"error", "bad_json"}});
  }
}

TEST_CASE("Unknown paths answer a JSON 404") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply reply = client.Get("/appointments");
  CHECK(reply.status == 404);
  CHECK(reply.body == json{{"error", "not_found"}});
  CHECK(reply.content_type == "application/json; charset=utf-8");
  CHECK(client.Get("/health").body == json{{"status", "ok"}});
}

TEST_CASE("With --delay-ms a client with a short read timeout gives up") {
  auto service = StartBooking({"--delay-ms", "2000"});
  httplib::Client impatient(service->host(), service->port());
  impatient.set_read_timeout(0, 200 * 1000);
  auto result = impatient.Get("/services");
  CHECK_FALSE(result);
  CHECK(result.error() == httplib::Error::Read);

  httplib::Client patient(service->host(), service->port());
  patient.set_read_timeout(30, 0);
  auto slow = patient.Get("/services");
  REQUIRE(slow);
  CHECK(slow->status == 200);
}

TEST_CASE("The booking service stops cleanly on SIGTERM and on SIGINT") {
  auto first = StartBooking();
  CHECK(first->Stop(SIGTERM) == 0);
  auto second = StartBooking();
  CHECK(second->Stop(SIGINT) == 0);
}

TEST_CASE("The booking service loads another seed file given with --seed") {
  std::string path = "/tmp/lumi_booking_seed_" + std::to_string(getpid()) + ".json";
  {
    std::ofstream file(path);
    file << R"({"hours": {"open": "09:00", "close": "12:00"},
      "services": [{"id": "massage", "name": {"ru": "Массаж", "en": "Massage"},
                    "price": 3000, "duration_min": 60}],
      "masters": [{"id": "ivan", "name": {"ru": "Иван", "en": "Ivan"}, "services": ["massage"]}],
      "bookings": [{"id": "B-0001", "date": "2030-12-30", "time": "10:00",
                    "service": "massage", "master": "ivan"}]})";
  }
  auto service = StartBooking({"--seed", path});
  BookingClient client(*service);
  CHECK(Ids(client.Get("/services").body) == std::vector<std::string>{"massage"});
  CHECK(client.Slots(kMonday, "massage") == std::vector<std::string>{"09:00", "11:00"});
  std::remove(path.c_str());
}

TEST_CASE("The booking service refuses bad options and broken seed files") {
  const std::string bin = LUMI_BOOKING_SERVICE_BIN;
  CHECK(RunToExit(bin, {"--port", "70000"}) == 2);
  CHECK(RunToExit(bin, {"--colour", "red"}) == 2);
  CHECK(RunToExit(bin, {"--today", "27.12.2030"}) == 2);
  CHECK(RunToExit(bin, {"--port", "0", "--seed", "/nonexistent/seed.json"}) == 2);
  std::string path = "/tmp/lumi_bad_seed_" + std::to_string(getpid()) + ".json";
  for (const char* text :
       {"{not json", R"({"hours": {"open": "10:00", "close": "21:00"}, "services": []})",
        R"({"hours": {"open": "10:00", "close": "21:00"}, "services": [],
            "masters": [{"id": "anna", "name": {"ru": "А", "en": "A"}, "services": ["x"]}]})"}) {
    CAPTURE(text);
    std::ofstream(path) << text;
    CHECK(RunToExit(bin, {"--port", "0", "--seed", path}) == 2);
  }
  std::remove(path.c_str());
  CHECK(RunToExit(bin, {"--help"}) == 0);
}

TEST_CASE("A repeated POST with the same Idempotency-Key returns the first answer") {
  auto service = StartBooking();
  BookingClient client(*service);
  const std::string body = Request("manicure", "maria", kMonday, "15:00").dump();
  const httplib::Headers key = {{"Idempotency-Key", "chat-1:msg-7:create_booking"}};
  Reply first = client.Post("/bookings", body, key);
  REQUIRE(first.status == 201);
  Reply again = client.Post("/bookings", body, key);
  CHECK(again.status == 201);
  CHECK(again.body == first.body);
  // Without the key the same request is a second booking of a taken slot.
  CHECK(client.Post("/bookings", body).status == 409);
  // The key with another request is refused, not replayed.
  Reply other = client.Post("/bookings", Request("manicure", "maria", kMonday, "16:00").dump(), key);
  CHECK(other.status == 422);
  CHECK(other.body == json{{"error", "idempotency_key_reused"}});
}

TEST_CASE("A customer sees a booking by its number and phone only") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply booked = client.Book(Request("manicure", "maria", kMonday, "15:00"));
  REQUIRE(booked.status == 201);
  const std::string id = booked.body.at("id");
  for (const std::string& written : {id, std::string("b") + id.substr(2), id.substr(2)}) {
    CAPTURE(written);
    Reply seen = client.Get("/bookings/" + written + "?phone=8%20916%20123-45-67");
    CHECK(seen.status == 200);
    CHECK(seen.body.at("id") == id);
  }
  CHECK(client.Get("/bookings/" + id + "?phone=%2B79160000001").status == 404);
  CHECK(client.Get("/bookings/" + id + "?phone=nope").body ==
        json{{"error", "invalid"}, {"field", "phone"}});
  Reply mine = client.Get("/bookings?phone=%2B79161234567");
  REQUIRE(mine.status == 200);
  REQUIRE(mine.body.size() == 1);
  CHECK(mine.body[0].at("id") == id);
}

TEST_CASE("A customer cancels a booking by its number and phone, not someone else's") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply booked = client.Book(Request("manicure", "maria", kMonday, "15:00"));
  const std::string id = booked.body.at("id");
  CHECK(client.Delete("/bookings/" + id + "?phone=%2B79160000001").status == 404);
  CHECK(client.Get("/bookings/" + id).body.at("status") == "confirmed");
  Reply cancelled = client.Delete("/bookings/" + id + "?phone=%2B79161234567");
  CHECK(cancelled.status == 200);
  CHECK(cancelled.body.at("status") == "cancelled");
  CHECK(Has(client.Slots(kMonday, "manicure", "maria"), "15:00"));
  CHECK(client.Get("/bookings?phone=%2B79161234567").body == json::array());
}

TEST_CASE("A booking moves to a free time of its master, and a taken or past one is refused") {
  auto service = StartBooking();
  BookingClient client(*service);
  Reply booked = client.Book(Request("manicure", "maria", kMonday, "15:00"));
  const std::string id = booked.body.at("id");
  const std::string phone = "+79161234567";
  // Maria has a manicure at 13:00 on the 30th (seed, day_offset 3).
  Reply taken = client.Patch("/bookings/" + id, {{"phone", phone}, {"date", kMonday}, {"time", "13:00"}});
  CHECK(taken.status == 409);
  CHECK(taken.body == json{{"error", "slot_taken"}});
  Reply past = client.Patch("/bookings/" + id, {{"phone", phone}, {"date", "2030-12-01"}, {"time", "15:00"}});
  CHECK(past.body == json{{"error", "past_date"}});
  // An hour later overlaps the booking itself, which does not count.
  Reply moved = client.Patch("/bookings/" + id, {{"phone", phone}, {"date", kMonday}, {"time", "16:00"}});
  CHECK(moved.status == 200);
  CHECK(moved.body.at("time") == "16:00");
  CHECK(moved.body.at("master") == "maria");
  CHECK(Has(client.Slots(kMonday, "manicure", "maria"), "15:00"));
  CHECK_FALSE(Has(client.Slots(kMonday, "manicure", "maria"), "16:00"));
  Reply stranger = client.Patch("/bookings/" + id, {{"phone", "+79160000001"}, {"date", kMonday}, {"time", "17:00"}});
  CHECK(stranger.status == 404);
  client.Delete("/bookings/" + id);
  Reply gone = client.Patch("/bookings/" + id, {{"phone", phone}, {"date", kMonday}, {"time", "17:00"}});
  CHECK(gone.body == json{{"error", "booking_cancelled"}});
}
