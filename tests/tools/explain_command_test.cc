// Tests for tools/cli/explain_command.cc through the real program: scores stay
// within 0..1 whatever priorities add, and a message asking two questions names
// the second under "also".
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tools/cli_test_helpers.h"

namespace switchboard {
namespace {

using testing::CliFolder;

const char kBot[] = R"(bot:
  languages: [ru]
flows:
  - id: complaint
    priority: 5
    triggers: {keywords: [жалоба]}
    steps: [{say: "Передаю оператору"}]
  - id: hours
    triggers: {keywords: ["до скольки работаете"]}
    steps: [{say: "До 21:00"}]
  - id: prices
    priority: 2
    triggers: {keywords: ["сколько стоит маникюр"]}
    steps: [{say: "2000"}]
)";

nlohmann::json ExplainOne(CliFolder& folder, const std::string& message) {
  folder.Write("in.txt", message + "\n");
  int code = -1;
  std::string out = CliFolder::Run("explain " + folder.Path("flows") + " < " + folder.Path("in.txt"), &code);
  INFO(out);
  CHECK(code == 0);
  return nlohmann::json::parse(out, nullptr, false);
}

TEST_CASE("explain shows scores within 0..1, also for a full match of a high-priority flow") {
  CliFolder folder("explain_scores");
  folder.Write("flows/bot.yaml", kBot);
  nlohmann::json j = ExplainOne(folder, "жалоба");
  REQUIRE(j.is_object());
  CHECK(j["intent"] == "complaint");
  CHECK(j["score"].get<double>() <= 1.0);
  CHECK(j["score"].get<double>() >= 0.9);
  CHECK(j["why"]["score"].get<double>() <= 1.0);
}

TEST_CASE("explain names the further questions a message asks under also") {
  CliFolder folder("explain_also");
  folder.Write("flows/bot.yaml", kBot);
  nlohmann::json j = ExplainOne(folder, "сколько стоит маникюр и до скольки работаете");
  REQUIRE(j.is_object());
  CHECK(j["decision"] == "match");
  REQUIRE(j.contains("also"));
  CHECK(j["also"].size() == 1);
  CHECK(j["intent"] != j["also"][0]);
}

}  // namespace
}  // namespace switchboard
