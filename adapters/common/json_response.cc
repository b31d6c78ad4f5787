// JSON answers of the adapters; the one place they build JSON with nlohmann.
#include "adapters/common/json_response.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace switchboard::adapters {
namespace {

using nlohmann::json;

json ButtonsJson(const std::vector<Button>& buttons) {
  json out = json::array();
  for (const Button& b : buttons) {
    json j = {{"label", b.label}, {"action", std::string(ButtonActionName(b.action))}};
    if (b.action == ButtonAction::kLink) {
      j["url"] = b.target;
    } else {
      j["payload"] = b.payload;
    }
    out.push_back(std::move(j));
  }
  return out;
}

bool CustomerSees(EventType type) {
  switch (type) {
    case EventType::kUserSaid:
    case EventType::kButtonPressed:
    case EventType::kBotSaid:
    case EventType::kOperatorSaid:
    case EventType::kHandedOff:
    case EventType::kOperatorTook:
    case EventType::kHandedBack:
      return true;
    default:
      return false;
  }
}

// Strings from the store were cleaned at the edge; replacing keeps a stray
// invalid byte from turning a transcript into an exception.
std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

HttpResponse JsonError(int status, std::string_view code, std::string_view message) {
  json j = {{"error", {{"code", code}, {"message", message}}}};
  return JsonOk(Dump(j), status);
}

HttpResponse StatusError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kUnavailable:
      return JsonError(503, "unavailable", "the conversation store cannot be reached; retry later");
    case StatusCode::kNotFound:
      return JsonError(404, "not_found", status.message());
    case StatusCode::kConflict:
      return JsonError(409, "conflict", status.message());
    case StatusCode::kInvalidArgument:
      return JsonError(400, "invalid_argument", status.message());
    default:
      return JsonError(500, "internal", "the turn failed; it is logged");
  }
}

HttpResponse JsonOk(std::string body, int status) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string TurnToJson(const TurnReport& report, std::string_view id_field, std::string_view id) {
  json replies = json::array();
  for (const Reply& r : report.replies) {
    replies.push_back({{"text", r.text},
                       {"buttons", ButtonsJson(r.buttons)},
                       {"quick_replies", r.quick_replies}});
  }
  json j = {{id_field, id},
            {"replies", std::move(replies)},
            {"handed_off", report.handed_off},
            {"fallback", report.fallback},
            {"duplicate", report.duplicate},
            {"version", report.version}};
  return Dump(j);
}

std::string TranscriptToJson(const TranscriptPage& page, bool customer_view) {
  json events = json::array();
  for (size_t i = 0; i < page.events.size(); ++i) {
    const Event& e = page.events[i];
    if (customer_view && !CustomerSees(e.type)) continue;
    json j = {{"index", page.first + i},
              {"type", std::string(EventTypeName(e.type))},
              {"at", e.at_ms}};
    if (!e.text.empty()) j["text"] = e.text;
    if (!e.buttons.empty()) j["buttons"] = ButtonsJson(e.buttons);
    if (!e.quick_replies.empty()) j["quick_replies"] = e.quick_replies;
    if (!customer_view) {
      if (!e.name.empty()) j["name"] = e.name;
      if (!e.value.empty()) j["value"] = e.value;
      if (!e.attrs.empty()) j["attrs"] = e.attrs;
    }
    events.push_back(std::move(j));
  }
  json j = {{"events", std::move(events)}, {"first", page.first}, {"next", page.next}};
  return Dump(j);
}

bool IsSafeId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool SecretEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() != b.size();
  for (size_t i = 0; i < a.size(); ++i) diff |= a[i] ^ (i < b.size() ? b[i] : 0);
  return diff == 0;
}

std::string BearerToken(const HttpRequest& request) {
  constexpr std::string_view kPrefix = "Bearer ";
  const std::string& h = request.Header("authorization");
  return h.starts_with(kPrefix) ? h.substr(kPrefix.size()) : std::string();
}

std::optional<HttpResponse> RefuseUnlessBearer(const HttpRequest& request,
                                               const std::vector<std::string>& keys,
                                               std::string_view what) {
  std::string token = BearerToken(request);
  bool known = false;
  for (const std::string& key : keys) known |= !token.empty() && SecretEquals(token, key);
  if (known) return std::nullopt;
  HttpResponse r = JsonError(401, "unauthorized", "send 'Authorization: Bearer TOKEN' with " + std::string(what));
  r.headers.push_back({"WWW-Authenticate", "Bearer"});
  return r;
}

bool ParseCount(std::string_view text, size_t fallback, size_t max, size_t* out) {
  if (text.empty()) {
    *out = fallback;
    return true;
  }
  size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return false;
  *out = value;
  return true;
}

}  // namespace switchboard::adapters
