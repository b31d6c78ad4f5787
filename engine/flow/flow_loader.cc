// Reads flow files and guards the YAML parser against hostile input: size, UTF-8
// and nesting are checked on the raw text before yaml-cpp sees it; node counting and
// alias refusal happen in yaml_loader.cc. Language keys are checked and concepts
// expanded once all files are read, since `bot` and `concepts` may be in any of them.
#include "flow/flow_loader.h"

#include <algorithm>
#include <filesystem>

#include "flow/concept_expansion.h"
#include "flow/edit_distance.h"
#include "flow/flow_checker.h"
#include "flow/source_file.h"
#include "flow/source_guard.h"
#include "flow/yaml_loader.h"

namespace switchboard {
namespace {

void AddError(std::vector<Diagnostic>* out, const std::string& file, int line, int column,
              const std::string& code, const std::string& message, const std::string& hint = "") {
  out->push_back({Severity::kError, file, line, column, code, message, hint});
}

// Every message and hint as at most a short line of escaped text, whatever a
// hostile file put into the parts of it that quote the file.
void BoundMessages(std::vector<Diagnostic>* diagnostics) {
  for (Diagnostic& d : *diagnostics) {
    d.message = Fragment(d.message, 600);
    d.hint = Fragment(d.hint, 600);
  }
}

}  // namespace

bool CheckSourceText(const std::string& name, const std::string& content,
                     const LoaderLimits& limits, std::vector<Diagnostic>* out) {
  if (content.size() > limits.max_file_bytes) {
    AddError(out, name, 0, 0, "file-too-large",
             "file is " + std::to_string(content.size()) + " bytes; the limit is " +
                 std::to_string(limits.max_file_bytes),
             "split it into several files");
    return false;
  }
  TextPlace place;
  if (!ValidateUtf8(content, &place)) {
    AddError(out, name, place.line, place.column, "invalid-utf8",
             "the file is not valid UTF-8 text at this place",
             "save the file as UTF-8");
    return false;
  }
  if (!NestingWithin(content, limits.max_depth, &place)) {
    AddError(out, name, place.line, place.column, "too-deep",
             "YAML nested deeper than " + std::to_string(limits.max_depth) + " levels",
             "flow files never need this much nesting; check the brackets and indentation");
    return false;
  }
  return true;
}

namespace {

void CheckLanguages(const YamlLoadContext& context, const BotSources& sources,
                    std::vector<Diagnostic>* out) {
  const std::vector<std::string>& languages = sources.bot.languages;
  for (const LanguageUse& use : context.languages) {
    if (std::find(languages.begin(), languages.end(), use.code) != languages.end()) continue;
    std::string close = ClosestMatch(use.code, languages);
    AddError(out, use.pos.file, use.pos.line, use.pos.column, "unknown-language",
             "unknown language '" + use.code + "'; bot.languages is [" + JoinNames(languages) +
                 "]",
             close.empty() ? "add it to bot.languages or use one of those"
                           : "did you mean '" + close + "'?");
  }
}

}  // namespace

FlowLoadResult ParseFlowSources(const std::vector<std::pair<std::string, std::string>>& files,
                                const LoaderLimits& limits) {
  FlowLoadResult result;
  YamlLoadContext context;
  context.nodes_left = limits.max_nodes;
  context.max_depth = limits.max_depth;
  size_t count = 0;
  for (const auto& [name, content] : files) {
    if (++count > limits.max_files) {
      AddError(&result.diagnostics, name, 0, 0, "too-many-files",
               "more than " + std::to_string(limits.max_files) + " flow files; the rest are not read");
      break;
    }
    result.sources.files.push_back(name);
    if (!CheckSourceText(name, content, limits, &result.diagnostics)) continue;
    LoadYamlFlowFile(name, content, &context, &result.sources, &result.diagnostics);
  }
  CheckLanguages(context, result.sources, &result.diagnostics);
  ExpandConcepts(&result.sources, &result.diagnostics);
  BoundMessages(&result.diagnostics);
  return result;
}

FlowLoadResult LoadFlowSources(const std::vector<std::pair<std::string, std::string>>& files,
                               const LoaderLimits& limits) {
  FlowLoadResult result = ParseFlowSources(files, limits);
  std::vector<Diagnostic> findings = CheckBot(result.sources);
  BoundMessages(&findings);
  result.diagnostics.insert(result.diagnostics.end(), findings.begin(), findings.end());
  return result;
}

FlowLoadResult LoadFlowDirectory(const std::string& dir, const LoaderLimits& limits) {
  namespace fs = std::filesystem;
  std::vector<fs::path> paths;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    FlowLoadResult result;
    AddError(&result.diagnostics, dir, 0, 0, "cannot-read", "cannot read folder: " + ec.message());
    return result;
  }
  for (const fs::directory_entry& entry : it) {
    std::string ext = entry.path().extension().string();
    if (ext == ".yaml" || ext == ".yml") paths.push_back(entry.path());
    if (paths.size() > limits.max_files) break;  // enough to report "too many"
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<Diagnostic> read_errors;
  for (const fs::path& path : paths) {
    std::string content;
    Diagnostic problem;
    if (ReadSourceFile(path.string(), dir, limits.max_file_bytes, &content, &problem)) {
      files.emplace_back(path.string(), std::move(content));
    } else {
      read_errors.push_back(std::move(problem));
    }
  }
  FlowLoadResult result = LoadFlowSources(files, limits);
  result.diagnostics.insert(result.diagnostics.begin(), read_errors.begin(), read_errors.end());
  return result;
}

}  // namespace switchboard
