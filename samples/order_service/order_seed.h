// Reading the order service's seed file (seed.json next to this file): the shop's
// orders, each with its status, items and delivery. The format is documented in
// samples/README.md; totals are computed here, not written by hand.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "order_service/order_store.h"

namespace lumi {

// Reads and checks the file at path. On success fills *orders and returns nullopt;
// otherwise returns a message naming the file and the fault.
std::optional<std::string> LoadOrderSeed(const std::string& path, std::vector<Order>* orders);

}  // namespace lumi
