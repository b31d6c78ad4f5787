// Requests of http steps and the meaning of their outcomes.
#include "dialog/service_call.h"

namespace switchboard {

HttpCall BuildServiceCall(const FlowProgram& program, const CompiledStep& step,
                          const SlotLookup& slots, std::string idempotency_key) {
  const CompiledHttp& h = step.http;
  HttpCall call;
  call.method = h.method;
  if (h.service >= 0) {
    const CompiledService& service = program.services[h.service];
    call.base_url = service.base_url;
    call.headers = service.headers;
  }
  call.path = Render(h.path, [&](std::string_view slot) -> std::optional<std::string> {
    std::optional<std::string> value = slots(slot);
    if (value) return EncodePathValue(*value);
    return value;
  });
  for (const auto& [name, value] : h.query) call.query.emplace_back(name, Render(value, slots));
  if (!h.body.empty()) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& [name, value] : h.body) fields.emplace_back(name, Render(value, slots));
    call.body = JsonObjectBody(fields);
  }
  call.timeout_ms = h.timeout_ms;
  call.retries = h.retries;
  call.max_response_bytes = static_cast<size_t>(h.max_response_bytes);
  call.idempotency_key = std::move(idempotency_key);
  return call;
}

ServiceResult InterpretServiceOutcome(const CompiledStep& step, const HttpOutcome& outcome) {
  const CompiledHttp& h = step.http;
  ServiceResult result;
  const bool answered = outcome.kind == HttpOutcome::Kind::kResponse;
  result.status = answered ? std::to_string(outcome.status) : std::string(HttpOutcomeKindName(outcome.kind));
  result.error = outcome.error;
  result.ok = answered && outcome.status >= 200 && outcome.status < 300;
  if (result.ok && !h.save.empty()) {
    auto mapped = MapJsonResponse(outcome.body, h.save);
    if (mapped.ok()) {
      result.saved = std::move(mapped).value();
    } else {
      result.ok = false;
      result.status = "bad_json";
      result.error = mapped.status().message();
    }
  }
  if (result.ok) {
    result.error.clear();
    result.next = step.next;
    return result;
  }
  if (answered && result.status != "bad_json" && !h.save_error.empty()) {
    // What the service said about its refusal ({"error":"invalid","field":"phone"}).
    auto mapped = MapJsonResponse(outcome.body, h.save_error);
    if (mapped.ok()) result.saved = std::move(mapped).value();
  }
  if (answered && result.status != "bad_json") {
    for (const auto& [code, target] : h.on_status) {
      if (code == outcome.status) {
        result.next = target;
        return result;
      }
    }
  }
  if (h.on_error != kNoStep) result.next = h.on_error;
  return result;
}

}  // namespace switchboard
