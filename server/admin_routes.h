// The admin endpoints, behind the admin token (admin.token_env):
//   POST /admin/reload                              publish the flows folder again
//   POST /admin/conversations/{session}/operator    an operator's action on a chat:
//     {"action": "take"|"say"|"note"|"transfer"|"hand_back", "operator_id", "text"?,
//      "to_operator"?, "department"?, "step"?}
// Operators' actions go through Engine::Operate like every other turn, so a reply
// reaches the customer on their channel (the web chat shows it without a reload).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "adapters/http_types.h"
#include "switchboard/diagnostic.h"
#include "switchboard/engine.h"

namespace switchboard::server {

struct AdminRoutes {
  std::string token;  // empty: every admin endpoint answers 404
  Engine* engine = nullptr;
  // Reloads the flows (the server's, with its logs and metrics).
  std::function<Status(std::vector<Diagnostic>*)> reload;
};

void MountAdminRoutes(adapters::Router& router, AdminRoutes routes);

}  // namespace switchboard::server
