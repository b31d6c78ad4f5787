// A problem found in flow files: where it is, what rule it breaks, and how to fix it.
// Printed as `flows/booking.yaml:14:7: error: unknown key 'promt'; expected one of ...`.
#pragma once

#include <string>
#include <vector>

namespace switchboard {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;    // 1-based; 0 when the problem is not tied to a place
  int column = 0;  // 1-based
  std::string code;     // one per rule: "unknown-key", "goto-missing-step", ...
  std::string message;  // what was found and what was expected
  std::string hint;     // how to fix it ("did you mean 'prompt'?"); may be empty
};

// "file:line:column: error: message (hint)"
std::string FormatDiagnostic(const Diagnostic& d);
// A JSON array of diagnostics for `lint --json`.
std::string DiagnosticsToJson(const std::vector<Diagnostic>& diagnostics);
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

}  // namespace switchboard
