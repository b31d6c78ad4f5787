// ${VAR} and ${VAR:-default} in service settings.
#include <doctest/doctest.h>

#include <map>

#include "flow/environment_expansion.h"

using namespace switchboard;

namespace {
EnvironmentLookup Fake(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}
}  // namespace

TEST_CASE("ExpandEnvironment replaces set variables and uses defaults for unset or empty ones") {
  auto env = Fake({{"HOST", "10.0.0.1"}, {"EMPTY", ""}});
  CHECK(*ExpandEnvironment("http://${HOST}:8081", env) == "http://10.0.0.1:8081");
  CHECK(*ExpandEnvironment("${MISSING:-http://127.0.0.1:8081}", env) == "http://127.0.0.1:8081");
  CHECK(*ExpandEnvironment("Bearer ${EMPTY:-none}", env) == "Bearer none");
  CHECK(*ExpandEnvironment("price $$5 and $5", env) == "price $5 and $5");
}

TEST_CASE("ExpandEnvironment names an unset variable and refuses broken references") {
  auto env = Fake({});
  auto missing = ExpandEnvironment("Bearer ${TOKEN}", env);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() == "environment variable TOKEN is not set");
  CHECK_FALSE(ExpandEnvironment("${TOKEN", env).ok());
  CHECK_FALSE(ExpandEnvironment("${1ABC}", env).ok());
  CHECK_FALSE(ExpandEnvironment("${A-B}", env).ok());
}
