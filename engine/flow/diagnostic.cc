// Printing diagnostics for people (file:line:column) and for programs (JSON).
#include <nlohmann/json.hpp>

#include "switchboard/diagnostic.h"

namespace switchboard {

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) out += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
  out += d.severity == Severity::kError ? ": error: " : ": warning: ";
  out += d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  if (!d.hint.empty()) out += "\n    hint: " + d.hint;
  return out;
}

std::string DiagnosticsToJson(const std::vector<Diagnostic>& diagnostics) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic& d : diagnostics) {
    out.push_back({{"severity", d.severity == Severity::kError ? "error" : "warning"},
                   {"file", d.file},
                   {"line", d.line},
                   {"column", d.column},
                   {"code", d.code},
                   {"message", d.message},
                   {"hint", d.hint}});
  }
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) return true;
  }
  return false;
}

}  // namespace switchboard
