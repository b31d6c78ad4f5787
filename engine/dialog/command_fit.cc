// The strict reading of global commands; see command_fit.h.
#include "dialog/command_fit.h"

#include <set>
#include <string>

#include "flow/flow_program.h"
#include "match/stop_words.h"

namespace switchboard {
namespace {

std::set<std::string> ContentWords(std::string_view message) {
  std::set<std::string> words;
  std::string normal = NormalizeText(message);
  size_t start = 0;
  while (start < normal.size()) {
    size_t end = normal.find(' ', start);
    if (end == std::string::npos) end = normal.size();
    std::string word = normal.substr(start, end - start);
    if (!word.empty() && !match::IsStopWord(word)) words.insert(std::move(word));
    start = end + 1;
  }
  return words;
}

}  // namespace

bool CommandFits(const MatchCandidate& command, std::string_view message) {
  if (command.regex) return true;
  std::set<std::string> unexplained = ContentWords(message);
  std::set<std::string> trigger_words;
  for (const WordMatch& w : command.words) {
    // A word form or a typo of a command word is too weak: «стопы», «меня», «начала».
    if ((w.kind == WordMatchKind::kStem || w.kind == WordMatchKind::kTypo) && w.message_word != w.trigger_word) {
      return false;
    }
    unexplained.erase(w.message_word);
    trigger_words.insert(w.trigger_word);
  }
  if (unexplained.empty()) return true;
  // "позовите менеджера срочно": one word more is fine after a phrase of two or more.
  return unexplained.size() == 1 && trigger_words.size() >= 2;
}

void DropUnfitCommands(MatchResult* match, std::string_view message) {
  std::erase_if(match->candidates, [&](const MatchCandidate& c) {
    return IsCommandTarget(c.target) && !CommandFits(c, message);
  });
}

}  // namespace switchboard
