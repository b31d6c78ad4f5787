// The sample order system's data: the shop's orders by number, and the rule for what an
// order number looks like (6–8 digits, or "LM-" and digits in any letter case).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api_error.h"

namespace lumi {

struct OrderItem {
  std::string name;
  int qty = 1;
  int price = 0;  // roubles, per item
};

struct Order {
  std::string number;  // "1234567" or "LM-10001"
  // accepted, paid, assembling, shipped, ready_for_pickup, delivered, cancelled
  std::string status;
  std::string delivery;  // courier, cdek or pickup
  std::string carrier;   // "CDEK" when shipped by a carrier, else empty
  std::string tracking;  // the carrier's tracking number when shipped, else empty
  std::vector<OrderItem> items;
  int delivery_cost = 0;
  int total = 0;           // items plus delivery
  std::string updated_at;  // ISO 8601 with offset, "2025-12-20T14:05:00+03:00"
};

// The statuses an order can have, in the order an order passes through them.
const std::vector<std::string>& OrderStatuses();

// "lm-10001", "LM 10001", "lm10001" -> "LM-10001", "1234567" -> "1234567"; nullopt
// when text is not an order number (wrong length, other characters, spaces around).
std::optional<std::string> NormalizeOrderNumber(std::string_view text);

// An OrderStore is immutable after construction and safe for concurrent use.
class OrderStore {
 public:
  explicit OrderStore(std::vector<Order> orders);

  // 400 bad_number for a malformed number, 404 not_found for an unknown one.
  Outcome<Order> Find(std::string_view number) const;

 private:
  std::map<std::string, Order> orders_;  // by normalized number
};

}  // namespace lumi
