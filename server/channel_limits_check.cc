// Steps' buttons against the enabled messengers' limits (see channel_limits_check.h).
#include "server/channel_limits_check.h"

#include "adapters/common/channel_limits.h"
#include "adapters/common/outbound_text.h"

namespace switchboard::server {
namespace {

using adapters::ButtonLimits;

// A label as shown to a customer, and where it was written.
struct ShownLabel {
  std::string text;
  SourcePos pos;
};

// The choice labels (links left out) a step shows at once.
std::vector<ShownLabel> ShownLabels(const StepAst& step, const BotSources& bot) {
  std::vector<ShownLabel> out;
  auto add = [&out](const Text& label, const SourcePos& fallback) {
    std::string longest;
    for (const auto& [lang, text] : label.by_lang) {
      if (adapters::TextLength(text, adapters::TextUnit::kCodePoints) > adapters::TextLength(longest, adapters::TextUnit::kCodePoints)) longest = text;
    }
    out.push_back({longest, label.pos.line > 0 ? label.pos : fallback});
  };
  for (const ButtonAst& b : step.buttons) {
    if (b.url.empty()) add(b.label, b.pos);
  }
  if (!step.menu.empty()) {
    for (const MenuAst& menu : bot.menus) {
      if (menu.id != step.menu) continue;
      for (const ButtonAst& b : menu.buttons) {
        if (b.url.empty()) add(b.label, b.pos);
      }
    }
  }
  if (step.kind == StepKind::kAsk && step.slot_type == SlotType::kChoice && step.buttons.empty()) {
    size_t page = step.max_buttons > 0 ? static_cast<size_t>(step.max_buttons) : step.options.size();
    for (size_t i = 0; i < step.options.size() && i < page; ++i) add(step.options[i].label, step.pos);
    if (step.options.size() > page) add(step.more, step.pos);
  }
  return out;
}

void CheckStep(const StepAst& step, const std::string& where, const BotSources& bot, const ButtonLimits& limits,
               std::vector<Diagnostic>* out) {
  std::vector<ShownLabel> labels = ShownLabels(step, bot);
  if (labels.size() > limits.max_buttons) {
    out->push_back({Severity::kWarning, step.pos.file, step.pos.line, step.pos.column, "channel-limits",
                    where + " shows " + std::to_string(labels.size()) + " buttons; " + limits.platform +
                        " shows at most " + std::to_string(limits.max_buttons) + " as " + limits.shown_as +
                        ", so its customers get them as numbered options",
                    "split the choice into two steps, or lower max_buttons"});
    return;
  }
  for (const ShownLabel& label : labels) {
    size_t length = adapters::TextLength(label.text, adapters::TextUnit::kCodePoints);
    if (length <= limits.max_label) continue;
    out->push_back({Severity::kWarning, label.pos.file, label.pos.line, label.pos.column, "channel-limits",
                    "the button '" + label.text + "' of " + where + " has " + std::to_string(length) +
                        " characters; " + limits.platform + " shows labels of at most " +
                        std::to_string(limits.max_label) + ", so its customers get the step's options numbered",
                    "shorten the label to " + std::to_string(limits.max_label) + " characters"});
    return;
  }
}

}  // namespace

std::vector<std::string> EnabledMessengers(const ChannelsConfig& channels) {
  std::vector<std::string> out;
  if (channels.telegram) out.push_back("telegram");
  if (channels.whatsapp) out.push_back("whatsapp");
  if (channels.viber) out.push_back("viber");
  if (channels.vk) out.push_back("vk");
  return out;
}

std::vector<Diagnostic> CheckButtonLimits(const BotSources& bot, const std::vector<std::string>& channels) {
  std::vector<Diagnostic> out;
  for (const std::string& channel : channels) {
    auto limits = adapters::NativeButtonLimits(channel);
    if (!limits) continue;
    for (const FlowAst& flow : bot.flows) {
      for (const StepAst& step : flow.steps) CheckStep(step, "step '" + flow.id + "." + step.id + "'", bot, *limits, &out);
    }
    for (size_t i = 0; i < bot.fallback.levels.size(); ++i) {
      CheckStep(bot.fallback.levels[i], "fallback level " + std::to_string(i + 1), bot, *limits, &out);
    }
  }
  return out;
}

}  // namespace switchboard::server
