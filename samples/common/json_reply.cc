// JSON responses and request-body parsing for the sample services.
#include "common/json_reply.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace lumi {

std::string JsonText(const nlohmann::json& body) {
  // Replace invalid UTF-8 rather than throw: seed data is edited by hand.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json ErrorJson(const ApiError& error) {
  nlohmann::json body = {{"error", error.code}};
  if (!error.field.empty()) body["field"] = error.field;
  return body;
}

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(JsonText(body), "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, const ApiError& error) {
  SendJson(res, error.http_status, ErrorJson(error));
}

std::optional<nlohmann::json> ParseJsonBody(const std::string& body) {
  // The non-throwing overload: a parse error yields a "discarded" value.
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

}  // namespace lumi
