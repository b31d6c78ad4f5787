// Keeps flows/flow.schema.json in step with the loader: every key the schema offers
// for completion must be a key the loader accepts in the same place.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/flow/flow_test_helpers.h"

namespace switchboard {
namespace {

nlohmann::json LoadSchema() {
  std::ifstream file(std::string(SB_SOURCE_DIR) + "/flows/flow.schema.json");
  REQUIRE(file.good());
  return nlohmann::json::parse(file);
}

// The YAML snippet with `key: x` in the place that `definition` describes.
std::string Snippet(const std::string& definition, const std::string& key) {
  static const std::map<std::string, std::string> kSteps = {
      {"sayStep", "say"}, {"askStep", "ask"},         {"setStep", "set"}, {"ifStep", "if"},
      {"gotoStep", "goto"}, {"handoffStep", "handoff"}, {"endStep", "end"}};
  auto step = kSteps.find(definition);
  if (step != kSteps.end()) {
    return "flow: a\nsteps:\n  - " + step->second + ": x\n    " + key + ": x\n";
  }
  if (definition == "flowItem") return "flows:\n  - id: a\n    " + key + ": x\n";
  if (definition == "button") return "menus:\n  m:\n    - label: a\n      " + key + ": x\n";
  if (definition == "option") {
    return "flow: a\nsteps:\n  - ask: s\n    type: choice\n    prompt: p\n    options:\n"
           "      - value: v\n        " + key + ": x\n";
  }
  if (definition == "triggers") return "flow: a\ntriggers:\n  " + key + ": x\nsteps: [{say: x}]\n";
  if (definition == "localTrigger") {
    return "flow: a\nsteps:\n  - say: x\n    on:\n      - goto: a\n        " + key + ": x\n";
  }
  if (definition == "command") return "commands:\n  start:\n    " + key + ": x\n";
  return "";
}

TEST_CASE("Every key the flow schema offers is accepted by the loader in that place") {
  nlohmann::json schema = LoadSchema();
  int checked = 0;
  auto check = [&](const std::string& place, const nlohmann::json& properties,
                   const std::string& yaml_for_key_prefix, const std::string& definition) {
    for (const auto& [key, value] : properties.items()) {
      std::string prefix = yaml_for_key_prefix;
      if (place == "top level" && key != "flow") prefix = "flow: a\n";  // flow keys need it
      std::string yaml = definition.empty() ? prefix + key + ": x\n" : Snippet(definition, key);
      REQUIRE_FALSE(yaml.empty());
      FlowLoadResult r = ParseFlowSources({{"schema.yaml", yaml}});
      for (const Diagnostic& d : r.diagnostics) {
        INFO(place << " key '" << key << "':\n" << yaml << FormatDiagnostic(d));
        CHECK(d.code != "unknown-key");
      }
      ++checked;
    }
  };
  check("top level", schema["properties"], "", "");
  check("bot", schema["properties"]["bot"]["properties"], "bot:\n  ", "");
  check("commands", schema["properties"]["commands"]["properties"], "commands:\n  ", "");
  for (const char* definition : {"sayStep", "askStep", "setStep", "ifStep", "gotoStep", "handoffStep",
                                 "endStep", "flowItem", "button", "option", "triggers",
                                 "localTrigger", "command"}) {
    check(definition, schema["definitions"][definition]["properties"], "", definition);
  }
  CHECK(checked > 60);
}

}  // namespace
}  // namespace switchboard
