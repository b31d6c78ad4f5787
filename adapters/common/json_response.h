// JSON answers shared by the adapters: errors as {"error": {"code", "message"}},
// a turn's replies and a transcript page in the forms the REST API and the web
// chat document (adapters/rest/openapi.yaml), and small checks on untrusted input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/http_types.h"
#include "switchboard/engine.h"

namespace switchboard::adapters {

// {"error":{"code":code,"message":message}} with `status`.
HttpResponse JsonError(int status, std::string_view code, std::string_view message);
// The error a failed turn or read deserves: 503 for Unavailable, 404 for
// NotFound, 409 for Conflict, 400 for InvalidArgument, 500 otherwise.
HttpResponse StatusError(const Status& status);
HttpResponse JsonOk(std::string body, int status = 200);

// {"replies":[...],"handed_off","fallback","duplicate","version"}; `id_field` and
// `id` name the conversation.
std::string TurnToJson(const TurnReport& report, std::string_view id_field, std::string_view id);
// {"events":[...],"first","next"}; with customer_view only what the customer may
// see (their messages, the bot's and operators' replies, handoffs) and no
// channel internals.
std::string TranscriptToJson(const TranscriptPage& page, bool customer_view);

// True for 1-128 characters of [A-Za-z0-9_.:-]: conversation and message ids.
bool IsSafeId(std::string_view id);
// Compares secrets in time independent of where they differ.
bool SecretEquals(std::string_view a, std::string_view b);
// The token of "Authorization: Bearer TOKEN", or "".
std::string BearerToken(const HttpRequest& request);
// A 401 answer unless the request carries "Authorization: Bearer K" with K one of
// `keys` (an empty list refuses everything); `what` names the credential.
std::optional<HttpResponse> RefuseUnlessBearer(const HttpRequest& request,
                                               const std::vector<std::string>& keys,
                                               std::string_view what);
// Parses a non-negative decimal query value in [0, max]; `fallback` when empty.
// False when it is not a number or out of range.
bool ParseCount(std::string_view text, size_t fallback, size_t max, size_t* out);

}  // namespace switchboard::adapters
