// The booking service's HTTP API: routes of the sample booking system, each a thin
// translation between JSON over HTTP and a BookingStore call. The API is documented
// with examples in samples/README.md.
#pragma once

namespace httplib {
class Server;
}

namespace lumi {

class BookingStore;
class IdempotencyCache;

// Registers GET /health, GET /services, GET /masters, GET /slots, POST /bookings
// (honouring Idempotency-Key through `answers`), GET /bookings?phone=, and GET,
// PATCH and DELETE /bookings/{id}. The store and the cache must outlive the server.
void AddBookingRoutes(httplib::Server& server, BookingStore& store, IdempotencyCache& answers);

}  // namespace lumi
