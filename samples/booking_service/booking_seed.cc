// The booking seed file's reader: the one place that catches nlohmann::json's
// exceptions for it, turning each into a message with the file's name.
#include "booking_service/booking_seed.h"

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace lumi {
namespace {

using nlohmann::json;

// Thrown inside this file only, for a fault json.at() would not catch.
struct SeedError {
  std::string message;
};

int Minutes(const json& value, const char* what) {
  std::optional<int> minutes = ParseClockTime(value.get<std::string>());
  if (!minutes) throw SeedError{std::string(what) + " is not HH:MM"};
  return *minutes;
}

DayHours ReadHours(const json& node) {
  DayHours hours;
  hours.closed = node.value("closed", false);
  if (!hours.closed) {
    hours.open_min = Minutes(node.at("open"), "open");
    hours.close_min = Minutes(node.at("close"), "close");
    if (hours.close_min <= hours.open_min) throw SeedError{"close is not after open"};
  }
  return hours;
}

SpecialDay ReadSpecialDay(const json& node) {
  std::string date = node.at("date").get<std::string>();  // "MM-DD"
  // Any leap year accepts 29 Feb.
  std::optional<Date> parsed = ParseIsoDate("2000-" + date);
  if (!parsed) throw SeedError{"special day '" + date + "' is not MM-DD"};
  return SpecialDay{static_cast<unsigned>(parsed->month()),
                    static_cast<unsigned>(parsed->day()), ReadHours(node)};
}

SalonService ReadService(const json& node) {
  SalonService service;
  service.id = node.at("id").get<std::string>();
  service.name_ru = node.at("name").at("ru").get<std::string>();
  service.name_en = node.at("name").at("en").get<std::string>();
  service.price = node.at("price").get<int>();
  service.price_from = node.value("price_from", false);
  service.duration_min = node.at("duration_min").get<int>();
  service.weekends_only = node.value("weekends_only", false);
  if (service.id.empty() || service.price < 0 || service.duration_min <= 0 ||
      service.duration_min > 12 * 60) {
    throw SeedError{"service '" + service.id + "' has a bad id, price or duration"};
  }
  return service;
}

Master ReadMaster(const json& node, const std::set<std::string>& service_ids) {
  Master master;
  master.id = node.at("id").get<std::string>();
  master.name_ru = node.at("name").at("ru").get<std::string>();
  master.name_en = node.at("name").at("en").get<std::string>();
  master.services = node.at("services").get<std::vector<std::string>>();
  if (master.id.empty() || master.id == "any") {
    throw SeedError{"a master's id must be non-empty and not 'any'"};
  }
  for (const std::string& id : master.services) {
    if (!service_ids.count(id)) {
      throw SeedError{"master '" + master.id + "' does unknown service '" + id + "'"};
    }
  }
  return master;
}

Booking ReadBooking(const json& node, const Date& today) {
  Booking booking;
  booking.id = node.at("id").get<std::string>();
  if (node.contains("date")) {
    booking.date = node.at("date").get<std::string>();
  } else {
    booking.date = FormatIsoDate(AddDays(today, node.at("day_offset").get<int>()));
  }
  booking.time = node.at("time").get<std::string>();
  booking.service = node.at("service").get<std::string>();
  booking.master = node.at("master").get<std::string>();
  booking.name = node.value("name", "");
  booking.phone = node.value("phone", "");
  booking.cancelled = node.value("cancelled", false);
  return booking;
}

}  // namespace

std::optional<std::string> LoadBookingSeed(const std::string& path, const Date& today,
                                           BookingSeed* seed) {
  std::ifstream file(path);
  if (!file) return path + ": cannot open";
  std::stringstream text;
  text << file.rdbuf();
  try {
    json root = json::parse(text.str());
    DayHours usual = ReadHours(root.at("hours"));
    std::vector<SpecialDay> special_days;
    for (const json& node : root.value("special_days", json::array())) {
      special_days.push_back(ReadSpecialDay(node));
    }
    seed->catalogue.calendar = SalonCalendar(usual, std::move(special_days));

    std::set<std::string> service_ids;
    seed->catalogue.services.clear();
    for (const json& node : root.at("services")) {
      seed->catalogue.services.push_back(ReadService(node));
      if (!service_ids.insert(seed->catalogue.services.back().id).second) {
        throw SeedError{"service '" + seed->catalogue.services.back().id + "' twice"};
      }
    }
    seed->catalogue.masters.clear();
    std::set<std::string> master_ids;
    for (const json& node : root.at("masters")) {
      seed->catalogue.masters.push_back(ReadMaster(node, service_ids));
      if (!master_ids.insert(seed->catalogue.masters.back().id).second) {
        throw SeedError{"master '" + seed->catalogue.masters.back().id + "' twice"};
      }
    }
    seed->bookings.clear();
    for (const json& node : root.value("bookings", json::array())) {
      seed->bookings.push_back(ReadBooking(node, today));
    }
  } catch (const SeedError& error) {
    return path + ": " + error.message;
  } catch (const json::exception& error) {
    return path + ": " + error.what();
  }
  return std::nullopt;
}

}  // namespace lumi
