// Order numbers and lookup in the sample order system.
#include "order_service/order_store.h"

#include <cctype>

namespace lumi {
namespace {

constexpr size_t kMaxLmDigits = 10;

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

}  // namespace

const std::vector<std::string>& OrderStatuses() {
  static const std::vector<std::string> statuses = {
      "accepted", "paid", "assembling", "shipped", "ready_for_pickup", "delivered",
      "cancelled"};
  return statuses;
}

std::optional<std::string> NormalizeOrderNumber(std::string_view text) {
  if (text.size() >= 6 && text.size() <= 8 && AllDigits(text)) return std::string(text);
  if (text.size() < 3 || std::toupper(static_cast<unsigned char>(text[0])) != 'L' ||
      std::toupper(static_cast<unsigned char>(text[1])) != 'M') {
    return std::nullopt;
  }
  std::string_view digits = text.substr(2);
  if (digits.front() == '-' || digits.front() == ' ') digits.remove_prefix(1);
  if (digits.size() > kMaxLmDigits || !AllDigits(digits)) return std::nullopt;
  return "LM-" + std::string(digits);
}

OrderStore::OrderStore(std::vector<Order> orders) {
  for (Order& order : orders) {
    std::string key = order.number;
    orders_[key] = std::move(order);
  }
}

Outcome<Order> OrderStore::Find(std::string_view number) const {
  std::optional<std::string> normalized = NormalizeOrderNumber(number);
  if (!normalized) return ApiError{400, "bad_number", ""};
  auto it = orders_.find(*normalized);
  if (it == orders_.end()) return ApiError{404, "not_found", ""};
  return it->second;
}

}  // namespace lumi
