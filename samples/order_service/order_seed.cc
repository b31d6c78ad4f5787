// The order seed file's reader: the one place that catches nlohmann::json's exceptions
// for it, turning each into a message with the file's name.
#include "order_service/order_seed.h"

#include <algorithm>
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

Order ReadOrder(const json& node) {
  Order order;
  std::string number = node.at("number").get<std::string>();
  std::optional<std::string> normalized = NormalizeOrderNumber(number);
  if (!normalized) throw SeedError{"'" + number + "' is not an order number"};
  order.number = *normalized;
  const std::string where = "order " + order.number + ": ";

  order.status = node.at("status").get<std::string>();
  const auto& statuses = OrderStatuses();
  if (std::find(statuses.begin(), statuses.end(), order.status) == statuses.end()) {
    throw SeedError{where + "unknown status '" + order.status + "'"};
  }
  order.delivery = node.at("delivery").get<std::string>();
  if (order.delivery != "courier" && order.delivery != "cdek" && order.delivery != "pickup") {
    throw SeedError{where + "delivery must be courier, cdek or pickup"};
  }
  order.carrier = node.value("carrier", "");
  order.tracking = node.value("tracking", "");
  if (order.status == "shipped" && order.tracking.empty()) {
    throw SeedError{where + "a shipped order needs a tracking number"};
  }
  for (const json& item_node : node.at("items")) {
    OrderItem item;
    item.name = item_node.at("name").get<std::string>();
    item.qty = item_node.value("qty", 1);
    item.price = item_node.at("price").get<int>();
    if (item.qty <= 0 || item.price < 0) throw SeedError{where + "bad qty or price"};
    order.total += item.qty * item.price;
    order.items.push_back(std::move(item));
  }
  if (order.items.empty()) throw SeedError{where + "no items"};
  order.delivery_cost = node.value("delivery_cost", 0);
  order.total += order.delivery_cost;
  order.updated_at = node.at("updated_at").get<std::string>();
  return order;
}

}  // namespace

std::optional<std::string> LoadOrderSeed(const std::string& path, std::vector<Order>* orders) {
  std::ifstream file(path);
  if (!file) return path + ": cannot open";
  std::stringstream text;
  text << file.rdbuf();
  try {
    json root = json::parse(text.str());
    orders->clear();
    std::set<std::string> numbers;
    for (const json& node : root.at("orders")) {
      orders->push_back(ReadOrder(node));
      if (!numbers.insert(orders->back().number).second) {
        throw SeedError{"order " + orders->back().number + " twice"};
      }
    }
  } catch (const SeedError& error) {
    return path + ": " + error.message;
  } catch (const json::exception& error) {
    return path + ": " + error.what();
  }
  return std::nullopt;
}

}  // namespace lumi
