// Checks JSON answers against the schemas of an OpenAPI 3 file, for tests: the
// subset the project's API files use (type, required, properties,
// additionalProperties: false, items, enum, $ref to #/components/...).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace switchboard::testing {

class OpenApiCheck {
 public:
  // Reads the YAML file; a failed test when it cannot be read.
  explicit OpenApiCheck(const std::string& path);

  // "" when `value` matches the response schema of `path` ("/api/v1/...{id}..."),
  // `method` ("post") and `status` ("200"); otherwise what does not match, and where.
  std::string Check(const std::string& path, const std::string& method, int status,
                    const nlohmann::json& value) const;

 private:
  std::string Match(const nlohmann::json& schema, const nlohmann::json& value, const std::string& at) const;
  const nlohmann::json& Resolve(const nlohmann::json& node) const;

  nlohmann::json spec_;
};

}  // namespace switchboard::testing
