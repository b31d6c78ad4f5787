// Concepts: a family of words declared once in `concepts:` and named in triggers as
// `@name` ("сколько стоит @услуга"). A trigger naming concepts stands for one trigger
// per combination of their words. Unlike synonyms, the words of a concept do not
// become the same word: "маникюр" and "педикюр" stay different answers to the
// service question while both make "сколько стоит @услуга" a price question.
#pragma once

#include <vector>

#include "flow/flow_ast.h"
#include "switchboard/diagnostic.h"

namespace switchboard {

// The most triggers one written trigger may stand for.
inline constexpr size_t kMaxConceptExpansions = 256;

// Replaces every keyword and phrase naming concepts, in flows' triggers and steps'
// `on` triggers, with its expansions. Reports an unknown concept, a concept without
// words and a trigger standing for too many, each at its place.
void ExpandConcepts(BotSources* sources, std::vector<Diagnostic>* diagnostics);

}  // namespace switchboard
