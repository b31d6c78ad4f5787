// The operator console's HTTP side: the page (/console/), its JSON API under
// /console/api/ and the live event stream (Server-Sent Events). Documented in
// server/console/openapi.yaml. Every request is checked on the server: a login
// session (cookie or bearer token), the operator's role and departments.
#pragma once

#include "adapters/http_types.h"
#include "server/console/console_config.h"
#include "switchboard/status.h"

namespace switchboard {
class Clock;
class Engine;
class Store;
}  // namespace switchboard

namespace switchboard::server {

class Desk;
class EventHub;

struct ConsoleRoutes {
  const ConsoleConfig* config = nullptr;
  Desk* desk = nullptr;
  EventHub* hub = nullptr;
  Engine* engine = nullptr;
  Store* store = nullptr;
  const Clock* clock = nullptr;  // SystemClock() when null
  int keepalive_ms = 15000;      // a comment line on an idle event stream
};

// Reads the page's files from config->assets; InvalidArgument when one is missing.
Status MountConsoleRoutes(adapters::Router& router, ConsoleRoutes routes);

}  // namespace switchboard::server
