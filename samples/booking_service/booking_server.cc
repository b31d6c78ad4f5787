// HTTP handlers of the sample booking system: parse the query or body, call the
// store, write JSON. The rules themselves live in booking_store.cc.
#include "booking_service/booking_server.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "booking_service/booking_store.h"
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

}  // namespace

void AddBookingRoutes(httplib::Server& server, BookingStore& store) {
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

  server.Post("/bookings", [&store](const httplib::Request& req, httplib::Response& res) {
    std::optional<json> body = ParseJsonBody(req.body);
    if (!body || !body->is_object()) return SendError(res, ApiError{400, "bad_json", ""});
    BookingRequest request;
    const std::pair<const char*, std::string*> fields[] = {
        {"service", &request.service}, {"master", &request.master},
        {"date", &request.date},       {"time", &request.time},
        {"name", &request.name},       {"phone", &request.phone}};
    for (const auto& [field, target] : fields) {
      std::optional<std::string> value = StringField(*body, field);
      if (!value) return SendError(res, ApiError{400, "invalid", field});
      *target = *value;
    }
    Outcome<Booking> booking = store.Book(request);
    if (!booking.ok()) return SendError(res, booking.error());
    SendJson(res, 201, BookingJson(booking.value(), store));
  });

  server.Get(R"(/bookings/([^/]+))",
             [&store](const httplib::Request& req, httplib::Response& res) {
               Outcome<Booking> booking = store.Find(req.matches[1]);
               if (!booking.ok()) return SendError(res, booking.error());
               SendJson(res, 200, BookingJson(booking.value(), store));
             });

  server.Delete(R"(/bookings/([^/]+))",
                [&store](const httplib::Request& req, httplib::Response& res) {
                  Outcome<Booking> booking = store.Cancel(req.matches[1]);
                  if (!booking.ok()) return SendError(res, booking.error());
                  SendJson(res, 200, BookingJson(booking.value(), store));
                });
}

}  // namespace lumi
