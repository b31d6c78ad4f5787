// Expands `@name` in keywords and phrases into the words of the concept `name`.
#include "flow/concept_expansion.h"

#include <map>
#include <string>
#include <string_view>

#include "flow/edit_distance.h"

namespace switchboard {
namespace {

bool IsNameByte(char c) {
  return c == '_' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
}

// The text split into literal parts and concept names: "сколько стоит @услуга"
// is {"сколько стоит ", "услуга"}; names sit at the odd places.
std::vector<std::string> SplitAtConcepts(std::string_view text) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '@' && i + 1 < text.size() && IsNameByte(text[i + 1])) {
      size_t end = i + 1;
      while (end < text.size() && IsNameByte(text[end])) ++end;
      parts.emplace_back(text.substr(i + 1, end - i - 1));
      parts.emplace_back();
      i = end - 1;
    } else {
      parts.back() += text[i];
    }
  }
  return parts;
}

class Expander {
 public:
  Expander(const BotSources& sources, std::vector<Diagnostic>* diagnostics) : out_(diagnostics) {
    for (const SynonymGroupAst& c : sources.concepts) {
      if (c.variants.empty()) {
        Error(c.pos, "empty-concept", "concept '" + c.canonical + "' has no words",
              "list the words it stands for: " + c.canonical + ": [word, \"two words\"]");
        continue;
      }
      words_[c.canonical] = &c.variants;
      names_.push_back(c.canonical);
    }
  }

  void ExpandAll(std::vector<TriggerAst>* triggers) {
    std::vector<TriggerAst> expanded;
    for (TriggerAst& t : *triggers) {
      std::vector<std::string> parts;
      if (t.kind != TriggerKind::kRegex) parts = SplitAtConcepts(t.text);
      if (parts.size() > 1) {
        Expand(t, parts, &expanded);
      } else {
        expanded.push_back(std::move(t));
      }
    }
    *triggers = std::move(expanded);
  }

 private:
  void Expand(const TriggerAst& t, const std::vector<std::string>& parts, std::vector<TriggerAst>* out) {
    size_t combinations = 1;
    for (size_t i = 1; i < parts.size(); i += 2) {
      auto it = words_.find(parts[i]);
      if (it == words_.end()) {
        std::string close = ClosestMatch(parts[i], names_);
        Error(t.pos, "unknown-concept", "unknown concept '@" + parts[i] + "' in '" + t.text + "'",
              close.empty() ? "declare it under concepts: (a name and its list of words)"
                            : "did you mean '@" + close + "'?");
        return;
      }
      combinations *= it->second->size();
      if (combinations > kMaxConceptExpansions) {
        Error(t.pos, "concept-expansion",
              "'" + t.text + "' stands for more than " + std::to_string(kMaxConceptExpansions) +
                  " triggers",
              "name fewer concepts in one trigger, or split a concept into narrower ones");
        return;
      }
    }
    std::vector<std::string> texts{parts[0]};
    for (size_t i = 1; i < parts.size(); i += 2) {
      std::vector<std::string> next;
      for (const std::string& prefix : texts) {
        for (const std::string& word : *words_.at(parts[i])) next.push_back(prefix + word + parts[i + 1]);
      }
      texts = std::move(next);
    }
    for (std::string& text : texts) {
      TriggerAst copy = t;
      copy.text = std::move(text);
      out->push_back(std::move(copy));
    }
  }

  void Error(const SourcePos& pos, const std::string& code, const std::string& message,
             const std::string& hint) {
    out_->push_back({Severity::kError, pos.file, pos.line, pos.column, code, message, hint});
  }

  std::vector<Diagnostic>* out_;
  std::map<std::string, const std::vector<std::string>*, std::less<>> words_;
  std::vector<std::string> names_;
};

}  // namespace

void ExpandConcepts(BotSources* sources, std::vector<Diagnostic>* diagnostics) {
  Expander expander(*sources, diagnostics);
  for (FlowAst& flow : sources->flows) {
    expander.ExpandAll(&flow.triggers);
    for (StepAst& step : flow.steps) {
      for (LocalTriggerAst& local : step.on) expander.ExpandAll(&local.triggers);
    }
  }
}

}  // namespace switchboard
