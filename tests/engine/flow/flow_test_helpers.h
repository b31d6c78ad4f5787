// Helpers for flow loader and checker tests: load in-memory YAML and look for a
// diagnostic by code, printing every diagnostic when an expectation fails.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "flow/flow_loader.h"

namespace switchboard::testing {

inline FlowLoadResult LoadOne(const std::string& yaml, const std::string& name = "bot.yaml") {
  return LoadFlowSources({{name, yaml}});
}

inline std::string AllDiagnostics(const FlowLoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) out += FormatDiagnostic(d) + "\n";
  return out;
}

inline const Diagnostic* FindCode(const FlowLoadResult& r, const std::string& code) {
  for (const Diagnostic& d : r.diagnostics) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

inline int CountCode(const FlowLoadResult& r, const std::string& code) {
  int n = 0;
  for (const Diagnostic& d : r.diagnostics) n += d.code == code;
  return n;
}

// Checks that a diagnostic with `code` exists at file:line:column and returns it.
inline const Diagnostic* ExpectAt(const FlowLoadResult& r, const std::string& code,
                                  const std::string& file, int line, int column) {
  INFO("diagnostics:\n" << AllDiagnostics(r));
  const Diagnostic* found = nullptr;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.code == code && d.file == file && d.line == line && d.column == column) found = &d;
  }
  CHECK_MESSAGE(found != nullptr, "expected " << code << " at " << file << ":" << line << ":"
                                              << column);
  return found;
}

inline void ExpectNoErrors(const FlowLoadResult& r) {
  INFO("diagnostics:\n" << AllDiagnostics(r));
  CHECK_FALSE(HasErrors(r.diagnostics));
}

}  // namespace switchboard::testing
