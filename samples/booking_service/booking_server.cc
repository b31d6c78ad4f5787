// HTTP handlers of the sample booking system: parse the query or body, call the
// store, write JSON. The rules themselves live in booking_store.cc.
#include "booking_service/booking_server.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "booking_service/booking_store.h"
#include "booking_service/idempotency_cache.h"
#include "common/json_reply.h"

namespace lumi {
namespace {

using nlohmann::json;

json Names(const std::string& ru, const std::string& en) { return {{"ru", ru}, {"en", en}}; }

json ServiceJson(const SalonService& service) {
  json out = {{"id", service.id},
              {"name", Names(service.name_ru, service.name_en)},
              {"price", service.price},
              {"duration_min", service.duration_min}};
  if (service.price_from) out["price_from"] = true;
  if (service.weekends_only) out["weekends_only"] = true;
  return out;
}

json MasterJson(const Master& master) {
  return {{"id", master.id},
          {"name", Names(master.name_ru, master.name_en)},
          {"services", master.services}};
}

json BookingJson(const Booking& booking, const BookingStore& store) {
  json out = {{"id", booking.id},
              {"status", booking.cancelled ? "cancelled" : "confirmed"},
              {"service", booking.service},
              {"master", booking.master},
              {"date", booking.date},
              {"time", booking.time},
              {"name", booking.name},
              {"phone", booking.phone}};
  // Display names and the price, so a client can confirm without a second call.
  for (const SalonService& service : store.Services()) {
    if (service.id == booking.service) {
      out["service_name"] = Names(service.name_ru, service.name_en);
      out["price"] = service.price;
    }
  }
  Outcome<std::vector<Master>> masters = store.Masters(std::nullopt);
  for (const Master& master : masters.value()) {
    if (master.id == booking.master) out["master_name"] = Names(master.name_ru, master.name_en);
  }
  return out;
}

std::optional<std::string> Param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

// Reads body[field] as a string: "" when absent, nullopt when present but not a string.
std::optional<std::string> StringField(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// The fields of a POST /bookings body; 400 bad_json or invalid/<field>.
Outcome<BookingRequest> ReadBookingRequest(const std::string& text) {
  std::optional<json> body = ParseJsonBody(text);
  if (!body || !body->is_object()) return ApiError{400, "bad_json", ""};
  BookingRequest request;
  const std::pair<const char*, std::string*> fields[] = {
      {"service", &request.service}, {"master", &request.master},
      {"date", &request.date},       {"time", &request.time},
      {"name", &request.name},       {"phone", &request.phone}};
  for (const auto& [field, target] : fields) {
    std::optional<std::string> value = StringField(*body, field);
    if (!value) return ApiError{400, "invalid", field};
    *target = *value;
  }
  return request;
}

CachedAnswer ErrorAnswer(const ApiError& error) {
  return {error.http_status, JsonText(ErrorJson(error))};
}

}  // namespace

void AddBookingRoutes(httplib::Server& server, BookingStore& store, IdempotencyCache& answers) {
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, {{"status", "ok"}});
  });

  server.Get("/services", [&store](const httplib::Request&, httplib::Response& res) {
    json list = json::array();
    for (const SalonService& service : store.Services()) list.push_back(ServiceJson(service));
    SendJson(res, 200, list);
  });

  server.Get("/masters", [&store](const httplib::Request& req, httplib::Response& res) {
    Outcome<std::vector<Master>> masters = store.Masters(Param(req, "service"));
    if (!masters.ok()) return SendError(res, masters.error());
    json list = json::array();
    for (const Master& master : masters.value()) list.push_back(MasterJson(master));
    SendJson(res, 200, list);
  });

  server.Get("/slots", [&store](const httplib::Request& req, httplib::Response& res) {
    std::optional<std::string> service = Param(req, "service");
    if (!service) return SendError(res, ApiError{400, "invalid", "service"});
    Outcome<DaySlots> day = store.FreeSlots(Param(req, "date").value_or(""), *service,
                                            Param(req, "master").value_or("any"));
    if (!day.ok()) return SendError(res, day.error());
    SendJson(res, 200,
             {{"date", day.value().date},
              {"service", *service},
              {"closed", day.value().closed},
              {"slots", day.value().slots}});
  });

  server.Post("/bookings", [&store, &answers](const httplib::Request& req,
                                              httplib::Response& res) {
    CachedAnswer answer = answers.Answer(
        req.get_header_value("Idempotency-Key"), req.body, [&]() -> CachedAnswer {
          Outcome<BookingRequest> request = ReadBookingRequest(req.body);
          if (!request.ok()) return ErrorAnswer(request.error());
          Outcome<Booking> booking = store.Book(request.value());
          if (!booking.ok()) return ErrorAnswer(booking.error());
          return {201, JsonText(BookingJson(booking.value(), store))};
        });
    res.status = answer.status;
    res.set_content(answer.body, "application/json; charset=utf-8");
  });

  // A customer's own bookings, by phone.
  server.Get("/bookings", [&store](const httplib::Request& req, httplib::Response& res) {
    Outcome<std::vector<Booking>> bookings = store.ListFor(Param(req, "phone").value_or(""));
    if (!bookings.ok()) return SendError(res, bookings.error());
    json list = json::array();
    for (const Booking& booking : bookings.value()) list.push_back(BookingJson(booking, store));
    SendJson(res, 200, list);
  });

  // With ?phone=, only the booking of that phone (what a customer may see and change);
  // without, any booking (the salon's own view).
  server.Get(R"(/bookings/([^/]+))",
             [&store](const httplib::Request& req, httplib::Response& res) {
               std::optional<std::string> phone = Param(req, "phone");
               Outcome<Booking> booking =
                   phone ? store.FindFor(req.matches[1], *phone) : store.Find(req.matches[1]);
               if (!booking.ok()) return SendError(res, booking.error());
               SendJson(res, 200, BookingJson(booking.value(), store));
             });

  server.Delete(R"(/bookings/([^/]+))",
                [&store](const httplib::Request& req, httplib::Response& res) {
                  std::optional<std::string> phone = Param(req, "phone");
                  Outcome<Booking> booking = phone ? store.CancelFor(req.matches[1], *phone)
                                                   : store.Cancel(req.matches[1]);
                  if (!booking.ok()) return SendError(res, booking.error());
                  SendJson(res, 200, BookingJson(booking.value(), store));
                });

  // Moves a booking: {"phone": ..., "date": ..., "time": ...}.
  server.Patch(R"(/bookings/([^/]+))",
               [&store](const httplib::Request& req, httplib::Response& res) {
                 std::optional<json> body = ParseJsonBody(req.body);
                 if (!body || !body->is_object()) return SendError(res, ApiError{400, "bad_json", ""});
                 std::string phone, date, time;
                 for (const auto& [field, target] :
                      {std::pair{"phone", &phone}, std::pair{"date", &date}, std::pair{"time", &time}}) {
                   std::optional<std::string> value = StringField(*body, field);
                   if (!value) return SendError(res, ApiError{400, "invalid", field});
                   *target = *value;
                 }
                 Outcome<Booking> booking = store.Move(req.matches[1], phone, date, time);
                 if (!booking.ok()) return SendError(res, booking.error());
                 SendJson(res, 200, BookingJson(booking.value(), store));
               });
}

}  // namespace lumi
