// The order service's HTTP API: GET /orders/{number}, a thin translation between JSON
// over HTTP and an OrderStore lookup. Documented with examples in samples/README.md.
#pragma once

namespace httplib {
class Server;
}

namespace lumi {

class OrderStore;

// Registers GET /health and GET /orders/{number}. The store must outlive the server.
void AddOrderRoutes(httplib::Server& server, const OrderStore& store);

}  // namespace lumi
