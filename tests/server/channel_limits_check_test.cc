// Warnings for steps whose buttons an enabled messenger would write out numbered.
#include "server/channel_limits_check.h"

#include <doctest/doctest.h>

#include "flow/flow_loader.h"

namespace switchboard::server {
namespace {

constexpr char kBot[] = R"(
bot: {start: greet, default_language: en}
flows:
  - id: greet
    steps:
      - say: "Hello!"
        buttons:
          - {label: "Book", goto: pick.time}
          - {label: "Women's haircut, long and wavy", goto: pick.time}
  - id: pick
    steps:
      - id: time
        ask: time
        type: choice
        prompt: "Which time?"
        max_buttons: 12
        options:
          - {value: "10", label: "10:00"}
          - {value: "11", label: "11:00"}
          - {value: "12", label: "12:00"}
          - {value: "13", label: "13:00"}
          - {value: "14", label: "14:00"}
          - {value: "15", label: "15:00"}
          - {value: "16", label: "16:00"}
          - {value: "17", label: "17:00"}
          - {value: "18", label: "18:00"}
          - {value: "19", label: "19:00"}
          - {value: "20", label: "20:00"}
          - {value: "21", label: "21:00"}
)";

BotSources Load() {
  FlowLoadResult loaded = LoadFlowSources({{"bot.yaml", kBot}});
  for (const Diagnostic& d : loaded.diagnostics) MESSAGE(FormatDiagnostic(d));
  REQUIRE(loaded.ok());
  return loaded.sources;
}

TEST_CASE("CheckButtonLimits warns where WhatsApp would number a step's buttons, with the place and a fix") {
  auto warnings = CheckButtonLimits(Load(), {"whatsapp"});
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].severity == Severity::kWarning);
  CHECK(warnings[0].code == "channel-limits");
  CHECK(warnings[0].file == "bot.yaml");
  CHECK(warnings[0].line == 9);
  CHECK(warnings[0].message.find("has 30 characters") != std::string::npos);
  CHECK(warnings[1].message.find("step 'pick.time' shows 12 buttons; WhatsApp shows at most 10") != std::string::npos);
  CHECK(!warnings[1].hint.empty());
}

TEST_CASE("CheckButtonLimits is quiet for channels that show the buttons, and for unknown ones") {
  CHECK(CheckButtonLimits(Load(), {"telegram", "viber", "webchat"}).empty());
  CHECK(CheckButtonLimits(Load(), {"vk"}).size() == 1);  // 12 buttons; labels up to 40 are fine
}

TEST_CASE("EnabledMessengers lists the configured messengers") {
  ChannelsConfig channels;
  channels.webchat = true;
  channels.telegram = true;
  channels.vk = true;
  CHECK(EnabledMessengers(channels) == std::vector<std::string>{"telegram", "vk"});
}

}  // namespace
}  // namespace switchboard::server
