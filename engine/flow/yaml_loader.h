// Turns the text of one flow file into BotSources nodes. The only place that sees
// YAML: it builds a small position-carrying tree from yaml-cpp's parser events,
// refuses aliases, counts nodes against a budget, then converts the tree while
// checking keys, types and required fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flow/flow_ast.h"
#include "switchboard/diagnostic.h"

namespace switchboard {

// A language code used as a key of a text or trigger map; checked against
// bot.languages once every file is read (the `bot:` section may come later).
struct LanguageUse {
  std::string code;
  SourcePos pos;
};

// State shared by the files of one load.
struct YamlLoadContext {
  size_t nodes_left = 200000;          // YAML nodes still allowed
  int max_depth = 64;                  // maps and lists nested in each other
  std::vector<LanguageUse> languages;  // every language key seen
};

// Parses `content` (already checked for size, UTF-8 and nesting) as the flow file
// `file`, appending what it defines to *sources and every problem found to
// *diagnostics. Never throws.
void LoadYamlFlowFile(const std::string& file, std::string_view content,
                      YamlLoadContext* context, BotSources* sources,
                      std::vector<Diagnostic>* diagnostics);

// Parses `content` only to check it, for YAML files that are not flows
// (conversation tests): syntax, tags, aliases, nesting and the node budget, with
// the same diagnostics as flow files. Returns false with the problems appended to
// *diagnostics when the text must not be loaded further. Never throws.
bool CheckYamlText(const std::string& file, std::string_view content, YamlLoadContext* context,
                   std::vector<Diagnostic>* diagnostics);

}  // namespace switchboard
