// JSON in and out of the sample services' HTTP handlers: every response body is JSON
// with Content-Type "application/json; charset=utf-8", every error is {"error": code}.
// The one place that catches nlohmann::json's parse errors for request bodies.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/api_error.h"

namespace httplib {
struct Response;
}

namespace lumi {

// JSON text of body, invalid UTF-8 replaced rather than thrown on.
std::string JsonText(const nlohmann::json& body);

// {"error": code[, "field": field]}
nlohmann::json ErrorJson(const ApiError& error);

// Sets status and a JSON body.
void SendJson(httplib::Response& res, int status, const nlohmann::json& body);

// Sets error.http_status and {"error": code[, "field": field]}.
void SendError(httplib::Response& res, const ApiError& error);

// Parses a request body. Returns nullopt when it is not valid JSON.
std::optional<nlohmann::json> ParseJsonBody(const std::string& body);

}  // namespace lumi
