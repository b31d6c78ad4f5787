// The booking rules of the sample booking system.
#include "booking_service/booking_store.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <tuple>
#include <utility>

namespace lumi {
namespace {

constexpr int kSlotStepMin = 60;  // slots start on the hour
constexpr size_t kMaxNameBytes = 100;

ApiError Invalid(std::string field) { return ApiError{400, "invalid", std::move(field)}; }

// "+7 (916) 123-45-67", "8 916 123 45 67", "79161234567" -> "+79161234567".
std::optional<std::string> NormalizePhone(const std::string& text) {
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c == '+' && i == 0) {
      continue;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  bool plus = !text.empty() && text[0] == '+';
  if (digits.size() != 11) return std::nullopt;
  if (digits[0] == '7' || (digits[0] == '8' && !plus)) return "+7" + digits.substr(1);
  return std::nullopt;
}

// Trims spaces; rejects empty, overlong and control characters.
std::optional<std::string> NormalizeName(const std::string& text) {
  size_t begin = text.find_first_not_of(' ');
  if (begin == std::string::npos) return std::nullopt;
  size_t end = text.find_last_not_of(' ');
  std::string name = text.substr(begin, end - begin + 1);
  if (name.size() > kMaxNameBytes) return std::nullopt;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return std::nullopt;
  }
  return name;
}

}  // namespace

std::string NormalizeBookingId(const std::string& text) {
  std::string_view id = text;
  if (!id.empty() && (id.front() == 'B' || id.front() == 'b')) id.remove_prefix(1);
  if (!id.empty() && (id.front() == '-' || id.front() == ' ')) id.remove_prefix(1);
  if (id.empty() || id.size() > 9) return text;
  for (char c : id) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return text;
  }
  return "B-" + std::string(id);
}

BookingStore::BookingStore(SalonCatalogue catalogue, NowFunction now)
    : catalogue_(std::move(catalogue)), now_(std::move(now)) {}

const SalonService* BookingStore::FindService(const std::string& id) const {
  for (const SalonService& service : catalogue_.services) {
    if (service.id == id) return &service;
  }
  return nullptr;
}

const Master* BookingStore::FindMaster(const std::string& id) const {
  for (const Master& master : catalogue_.masters) {
    if (master.id == id) return &master;
  }
  return nullptr;
}

bool BookingStore::Does(const Master& master, const std::string& service_id) {
  return std::find(master.services.begin(), master.services.end(), service_id) !=
         master.services.end();
}

Outcome<std::vector<Master>> BookingStore::Masters(
    const std::optional<std::string>& service_id) const {
  if (!service_id) return catalogue_.masters;
  if (!FindService(*service_id)) return ApiError{404, "unknown_service", ""};
  std::vector<Master> result;
  for (const Master& master : catalogue_.masters) {
    if (Does(master, *service_id)) result.push_back(master);
  }
  return result;
}

Outcome<std::vector<const Master*>> BookingStore::Candidates(
    const SalonService& service, const std::string& master_id) const {
  std::vector<const Master*> candidates;
  if (master_id == "any") {
    for (const Master& master : catalogue_.masters) {
      if (Does(master, service.id)) candidates.push_back(&master);
    }
    return candidates;
  }
  const Master* master = FindMaster(master_id);
  if (!master) return ApiError{404, "unknown_master", ""};
  if (!Does(*master, service.id)) return Invalid("master");
  candidates.push_back(master);
  return candidates;
}

bool BookingStore::IsFreeLocked(const std::string& master_id, const std::string& date,
                                int start_min, int duration_min,
                                const std::string& except_id) const {
  for (const auto& [id, booking] : bookings_) {
    if (booking.cancelled || booking.master != master_id || booking.date != date) continue;
    if (id == except_id) continue;
    const SalonService* service = FindService(booking.service);
    int other_start = ParseClockTime(booking.time).value_or(0);
    int other_end = other_start + (service ? service->duration_min : kSlotStepMin);
    if (start_min < other_end && other_start < start_min + duration_min) return false;
  }
  return true;
}

bool BookingStore::IsOfferedStart(const SalonService& service, const Date& date,
                                  int start_min) const {
  DayHours hours = catalogue_.calendar.HoursOn(date);
  if (hours.closed) return false;
  if (service.weekends_only && !IsWeekend(date)) return false;
  if ((start_min - hours.open_min) % kSlotStepMin != 0) return false;
  if (start_min < hours.open_min || start_min + service.duration_min > hours.close_min) {
    return false;
  }
  LocalNow now = now_();
  if (date == now.date && start_min <= now.minute_of_day) return false;
  return true;
}

Outcome<DaySlots> BookingStore::FreeSlots(const std::string& date_text,
                                          const std::string& service_id,
                                          const std::string& master_id) const {
  std::optional<Date> date = ParseIsoDate(date_text);
  if (!date) return ApiError{400, "bad_date", ""};
  const SalonService* service = FindService(service_id);
  if (!service) return ApiError{404, "unknown_service", ""};
  Outcome<std::vector<const Master*>> candidates = Candidates(*service, master_id);
  if (!candidates.ok()) return candidates.error();
  if (*date < now_().date) return ApiError{400, "past_date", ""};

  DaySlots day;
  day.date = date_text;
  DayHours hours = catalogue_.calendar.HoursOn(*date);
  day.closed = hours.closed;
  if (hours.closed) return day;

  std::lock_guard<std::mutex> lock(mutex_);
  for (int start = hours.open_min; start < hours.close_min; start += kSlotStepMin) {
    if (!IsOfferedStart(*service, *date, start)) continue;
    for (const Master* master : candidates.value()) {
      if (IsFreeLocked(master->id, date_text, start, service->duration_min)) {
        day.slots.push_back(FormatClockTime(start));
        break;
      }
    }
  }
  return day;
}

Outcome<Booking> BookingStore::Book(const BookingRequest& request) {
  // Field checks first, in the order a form shows them.
  const SalonService* service = FindService(request.service);
  if (request.service.empty()) return Invalid("service");
  if (!service) return ApiError{404, "unknown_service", ""};
  if (request.master.empty()) return Invalid("master");
  Outcome<std::vector<const Master*>> candidates = Candidates(*service, request.master);
  if (!candidates.ok()) return candidates.error();
  std::optional<Date> date = ParseIsoDate(request.date);
  if (!date) return Invalid("date");
  std::optional<int> start = ParseClockTime(request.time);
  if (!start) return Invalid("time");
  std::optional<std::string> name = NormalizeName(request.name);
  if (!name) return Invalid("name");
  std::optional<std::string> phone = NormalizePhone(request.phone);
  if (!phone) return Invalid("phone");
  if (*date < now_().date) return ApiError{400, "past_date", ""};
  if (!IsOfferedStart(*service, *date, *start)) return ApiError{409, "slot_unavailable", ""};

  std::lock_guard<std::mutex> lock(mutex_);
  // With "any", the master with the fewest bookings that day takes it (seed order on a tie).
  const Master* chosen = nullptr;
  size_t chosen_load = 0;
  for (const Master* master : candidates.value()) {
    if (!IsFreeLocked(master->id, request.date, *start, service->duration_min)) continue;
    size_t load = std::count_if(bookings_.begin(), bookings_.end(), [&](const auto& entry) {
      const Booking& b = entry.second;
      return !b.cancelled && b.master == master->id && b.date == request.date;
    });
    if (!chosen || load < chosen_load) {
      chosen = master;
      chosen_load = load;
    }
  }
  if (!chosen) return ApiError{409, "slot_taken", ""};

  Booking booking;
  booking.id = "B-" + std::to_string(next_number_++);
  booking.service = service->id;
  booking.master = chosen->id;
  booking.date = request.date;
  booking.time = FormatClockTime(*start);
  booking.name = *name;
  booking.phone = *phone;
  bookings_[booking.id] = booking;
  return booking;
}

Outcome<Booking> BookingStore::AddSeedBooking(const Booking& booking) {
  const SalonService* service = FindService(booking.service);
  if (!service) return ApiError{404, "unknown_service", ""};
  const Master* master = FindMaster(booking.master);
  if (!master) return ApiError{404, "unknown_master", ""};
  if (!Does(*master, service->id)) return Invalid("master");
  if (!ParseIsoDate(booking.date)) return Invalid("date");
  std::optional<int> start = ParseClockTime(booking.time);
  if (!start) return Invalid("time");
  if (booking.id.empty()) return Invalid("id");

  std::lock_guard<std::mutex> lock(mutex_);
  if (bookings_.count(booking.id)) return Invalid("id");
  if (!booking.cancelled &&
      !IsFreeLocked(master->id, booking.date, *start, service->duration_min)) {
    return ApiError{409, "slot_taken", ""};
  }
  bookings_[booking.id] = booking;
  return booking;
}

Outcome<Booking> BookingStore::Find(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = bookings_.find(NormalizeBookingId(id));
  if (it == bookings_.end()) return ApiError{404, "not_found", ""};
  return it->second;
}

Outcome<Booking> BookingStore::Cancel(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = bookings_.find(NormalizeBookingId(id));
  if (it == bookings_.end()) return ApiError{404, "not_found", ""};
  it->second.cancelled = true;
  return it->second;
}

Outcome<std::string> BookingStore::OwnedIdLocked(const std::string& id,
                                                  const std::string& phone) const {
  std::optional<std::string> normal = NormalizePhone(phone);
  if (!normal) return Invalid("phone");
  auto it = bookings_.find(NormalizeBookingId(id));
  if (it == bookings_.end() || it->second.phone != *normal) return ApiError{404, "not_found", ""};
  return it->first;
}

Outcome<Booking> BookingStore::FindFor(const std::string& id, const std::string& phone) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Outcome<std::string> own = OwnedIdLocked(id, phone);
  if (!own.ok()) return own.error();
  return bookings_.at(own.value());
}

Outcome<std::vector<Booking>> BookingStore::ListFor(const std::string& phone) const {
  std::optional<std::string> normal = NormalizePhone(phone);
  if (!normal) return Invalid("phone");
  const std::string today = FormatIsoDate(now_().date);
  std::vector<Booking> result;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [id, booking] : bookings_) {
    if (!booking.cancelled && booking.phone == *normal && booking.date >= today) {
      result.push_back(booking);
    }
  }
  std::sort(result.begin(), result.end(), [](const Booking& a, const Booking& b) {
    return std::tie(a.date, a.time) < std::tie(b.date, b.time);
  });
  return result;
}

Outcome<Booking> BookingStore::CancelFor(const std::string& id, const std::string& phone) {
  std::lock_guard<std::mutex> lock(mutex_);
  Outcome<std::string> own = OwnedIdLocked(id, phone);
  if (!own.ok()) return own.error();
  Booking& booking = bookings_.at(own.value());
  booking.cancelled = true;
  return booking;
}

Outcome<Booking> BookingStore::Move(const std::string& id, const std::string& phone,
                                    const std::string& date_text, const std::string& time_text) {
  std::optional<Date> date = ParseIsoDate(date_text);
  std::optional<int> start = ParseClockTime(time_text);
  std::lock_guard<std::mutex> lock(mutex_);
  Outcome<std::string> own = OwnedIdLocked(id, phone);
  if (!own.ok()) return own.error();
  Booking& booking = bookings_.at(own.value());
  if (booking.cancelled) return ApiError{409, "booking_cancelled", ""};
  if (!date) return Invalid("date");
  if (!start) return Invalid("time");
  if (*date < now_().date) return ApiError{400, "past_date", ""};
  const SalonService* service = FindService(booking.service);
  if (!service) return ApiError{404, "unknown_service", ""};
  if (!IsOfferedStart(*service, *date, *start)) return ApiError{409, "slot_unavailable", ""};
  if (!IsFreeLocked(booking.master, date_text, *start, service->duration_min, booking.id)) {
    return ApiError{409, "slot_taken", ""};
  }
  booking.date = date_text;
  booking.time = FormatClockTime(*start);
  return booking;
}

}  // namespace lumi
