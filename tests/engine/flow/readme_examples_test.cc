// Keeps flows/README.md honest: every ```yaml example in the language reference
// must load without loader errors. Step fragments ("- say: ...") are wrapped in a
// flow, trigger blocks in a flow with one step. Goto targets and slots are not
// checked here: examples refer to flows they do not define.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "engine/flow/flow_test_helpers.h"

namespace switchboard {
namespace {

std::vector<std::string> YamlBlocks(const std::string& markdown) {
  std::vector<std::string> blocks;
  std::istringstream in(markdown);
  std::string line, block;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line == "```yaml") {
      inside = true;
      block.clear();
    } else if (inside && line == "```") {
      inside = false;
      blocks.push_back(block);
    } else if (inside) {
      block += line + "\n";
    }
  }
  return blocks;
}

std::string Indent(const std::string& text, const std::string& by) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) out += by + line + "\n";
  return out;
}

TEST_CASE("Every YAML example of the flow language reference loads") {
  std::ifstream file(std::string(SB_SOURCE_DIR) + "/flows/README.md");
  REQUIRE(file.good());
  std::stringstream content;
  content << file.rdbuf();
  std::vector<std::string> blocks = YamlBlocks(content.str());
  CHECK(blocks.size() >= 20);
  for (const std::string& block : blocks) {
    std::string yaml = block;
    if (block.rfind("- ", 0) == 0) {
      yaml = "flow: example\nsteps:\n" + Indent(block, "  ");
    } else if (block.rfind("triggers:", 0) == 0) {
      yaml = "flow: example\n" + block + "steps: [{say: x}]\n";
    }
    FlowLoadResult r = ParseFlowSources({{"README.md example", yaml}});
    INFO("example:\n" << yaml);
    testing::ExpectNoErrors(r);
  }
}

}  // namespace
}  // namespace switchboard
