// HTTP handlers of the sample order system.
#include "order_service/order_server.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "common/json_reply.h"
#include "order_service/order_store.h"

namespace lumi {
namespace {

using nlohmann::json;

json OrderJson(const Order& order) {
  json items = json::array();
  for (const OrderItem& item : order.items) {
    items.push_back({{"name", item.name}, {"qty", item.qty}, {"price", item.price}});
  }
  json out = {{"number", order.number},
              {"status", order.status},
              {"delivery", order.delivery},
              {"items", items},
              {"delivery_cost", order.delivery_cost},
              {"total", order.total},
              {"updated_at", order.updated_at}};
  if (!order.carrier.empty()) out["carrier"] = order.carrier;
  if (!order.tracking.empty()) out["tracking"] = order.tracking;
  return out;
}

}  // namespace

void AddOrderRoutes(httplib::Server& server, const OrderStore& store) {
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, {{"status", "ok"}});
  });

  // Anything up to the next slash, so a malformed number gets 400, not 404.
  server.Get(R"(/orders/([^/]*))", [&store](const httplib::Request& req,
                                             httplib::Response& res) {
    Outcome<Order> order = store.Find(std::string(req.matches[1]));
    if (!order.ok()) return SendError(res, order.error());
    SendJson(res, 200, OrderJson(order.value()));
  });
}

}  // namespace lumi
