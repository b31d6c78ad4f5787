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

namespace {

bool HoldsOptions(const FlowProgram& program, const std::string& slot) {
  for (const CompiledStep& step : program.steps) {
    if (step.options_from == slot) return true;
  }
  return false;
}

// Empty when the fields a 2xx answer gave fit their slots; otherwise why not. An
// object or a list shown to a customer reads as code ({"$ne":null}); a value where a
// list of options belongs leaves the customer without buttons.
std::string AnswerProblem(const FlowProgram& program, std::string_view body,
                          const std::vector<JsonField>& fields) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return "the answer has no body, but the step saves fields from it";
  }
  if (fields.empty()) return "none of the fields the step saves is in the answer";
  for (const JsonField& field : fields) {
    const bool list = HoldsOptions(program, field.slot);
    if (list && field.kind != JsonKind::kArray) {
      return "slot " + field.slot + " holds options, but the answer has no JSON list there";
    }
    if (!list && (field.kind == JsonKind::kArray || field.kind == JsonKind::kObject)) {
      return std::string("slot ") + field.slot + ": the answer has a JSON " +
             (field.kind == JsonKind::kArray ? "list" : "object") + " where a value belongs";
    }
  }
  return "";
}

}  // namespace

ServiceResult InterpretServiceOutcome(const FlowProgram& program, const CompiledStep& step,
                                      const HttpOutcome& outcome) {
  const CompiledHttp& h = step.http;
  ServiceResult result;
  const bool answered = outcome.kind == HttpOutcome::Kind::kResponse;
  result.status = answered ? std::to_string(outcome.status) : std::string(HttpOutcomeKindName(outcome.kind));
  result.error = outcome.error;
  result.ok = answered && outcome.status >= 200 && outcome.status < 300;
  bool unusable = false;  // a 2xx the flow cannot use
  if (result.ok && !h.save.empty()) {
    auto fields = ReadJsonFields(outcome.body, h.save);
    std::string problem;
    if (!fields.ok()) {
      result.status = "bad_json";
      problem = fields.status().message();
    } else if (problem = AnswerProblem(program, outcome.body, *fields); !problem.empty()) {
      result.status = "bad_answer";
    } else {
      for (JsonField& field : *fields) result.saved.emplace_back(std::move(field.slot), std::move(field.text));
    }
    if (!problem.empty()) {
      result.ok = false;
      result.error = std::move(problem);
      unusable = true;
    }
  }
  if (result.ok) {
    result.error.clear();
    result.next = step.next;
    return result;
  }
  if (answered && !unusable && !h.save_error.empty()) {
    // What the service said about its refusal ({"error":"invalid","field":"phone"}).
    auto mapped = MapJsonResponse(outcome.body, h.save_error);
    if (mapped.ok()) result.saved = std::move(mapped).value();
  }
  if (answered && !unusable) {
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
