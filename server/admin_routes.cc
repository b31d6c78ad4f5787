// The admin endpoints (see admin_routes.h).
#include "server/admin_routes.h"

#include <nlohmann/json.hpp>

#include "adapters/common/json_response.h"

namespace switchboard::server {
namespace {

using adapters::HttpRequest;
using adapters::HttpResponse;
using adapters::JsonError;
using adapters::JsonOk;
using nlohmann::json;

std::optional<HttpResponse> Refuse(const AdminRoutes& routes, const HttpRequest& request) {
  if (routes.token.empty()) return JsonError(404, "not_found", "the admin endpoints are off (set admin.token_env)");
  return adapters::RefuseUnlessBearer(request, {routes.token}, "the admin token");
}

HttpResponse Reload(const AdminRoutes& routes, const HttpRequest& request) {
  if (auto refused = Refuse(routes, request)) return *refused;
  std::vector<Diagnostic> found;
  Status s = routes.reload(&found);
  if (s.ok()) return JsonOk("{\"reloaded\":true,\"diagnostics\":" + DiagnosticsToJson(found) + "}");
  return JsonOk("{\"reloaded\":false,\"error\":{\"code\":\"invalid_flows\",\"message\":"
                "\"the flows have errors; the running version keeps serving\"},\"diagnostics\":" +
                    DiagnosticsToJson(found) + "}",
                422);
}

// Reads the body into *action; an error message when it is malformed.
std::string ParseAction(const std::string& body, OperatorAction* action) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return "the body must be a JSON object";
  static const std::map<std::string, OperatorAction::Kind> kKinds = {
      {"take", OperatorAction::Kind::kTake}, {"say", OperatorAction::Kind::kSay},
      {"note", OperatorAction::Kind::kNote}, {"transfer", OperatorAction::Kind::kTransfer},
      {"hand_back", OperatorAction::Kind::kHandBack}};
  const std::map<std::string, std::string*> fields = {
      {"operator_id", &action->operator_id}, {"text", &action->text},
      {"to_operator", &action->to_operator}, {"department", &action->department},
      {"step", &action->step}};
  bool has_kind = false;
  for (auto& [key, value] : j.items()) {
    if (!value.is_string()) return "field '" + key + "' must be a string";
    std::string s = value.get<std::string>();
    if (s.size() > 16 * 1024) return "field '" + key + "' is too long";
    if (key == "action") {
      auto kind = kKinds.find(s);
      if (kind == kKinds.end()) return "'action' must be one of take, say, note, transfer, hand_back";
      action->kind = kind->second;
      has_kind = true;
    } else if (auto field = fields.find(key); field != fields.end()) {
      *field->second = std::move(s);
    } else {
      return "unknown field '" + key + "'";
    }
  }
  if (!has_kind) return "'action' is required";
  if (!adapters::IsSafeId(action->operator_id)) return "'operator_id' must be 1-128 characters of A-Z a-z 0-9 _ . : -";
  return "";
}

HttpResponse Operate(const AdminRoutes& routes, const HttpRequest& request) {
  if (auto refused = Refuse(routes, request)) return *refused;
  OperatorAction action;
  action.session_id = request.captures.at(0);
  if (!adapters::IsSafeId(action.session_id)) return JsonError(400, "invalid_argument", "bad conversation id");
  if (std::string error = ParseAction(request.body, &action); !error.empty()) {
    return JsonError(400, "invalid_argument", error);
  }
  auto report = routes.engine->Operate(action);
  if (!report.ok()) return adapters::StatusError(report.status());
  return JsonOk(json{{"session", action.session_id},
                     {"handed_off", report->handed_off},
                     {"operator_id", report->operator_id},
                     {"version", report->version}}.dump());
}

}  // namespace

void MountAdminRoutes(adapters::Router& router, AdminRoutes routes) {
  auto shared = std::make_shared<AdminRoutes>(std::move(routes));
  router.Post("/admin/reload", [shared](const HttpRequest& r) { return Reload(*shared, r); });
  router.Post("/admin/conversations/([^/]{1,200})/operator", [shared](const HttpRequest& r) { return Operate(*shared, r); });
}

}  // namespace switchboard::server
