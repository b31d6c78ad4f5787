// The built-in filler word lists. Kept short on purpose: question words ("где",
// "когда", "how"), negation ("не", "no"), "да" and greetings carry meaning and are not
// here.
#include "match/stop_words.h"

#include <string>
#include <unordered_set>

namespace switchboard::match {
namespace {

constexpr std::string_view kWords[] = {
    // Russian
    "а", "бы", "в", "вам", "вас", "ваш", "ваша", "ваше", "вот", "во", "вы", "для",
    "до", "еще", "же", "за", "и", "из", "или", "к", "ко", "ли", "меня", "мне", "мой", "моя",
    "мы", "на", "нам", "нас", "ну", "о", "об", "от", "по", "пожалуйста", "подскажите",
    "с", "скажите", "со", "так", "то", "тоже", "у", "уже", "хотел", "хотела", "хотелось",
    "хочу", "это", "я",
    // pronouns and particles that say nothing of the topic
    "вообще", "его", "ее", "её", "ей", "ему", "их", "когото", "кто-то", "ней", "нее", "ним",
    "них", "он", "она", "они", "оно", "просто", "там", "те", "тот", "та", "тут", "этот",
    "эта", "эти", "этого", "этой", "очень", "всё", "все", "был", "была", "было", "были",
    // clipped and misspelt filler as messengers have it
    "пжлст", "пжл", "пж", "плиз", "плз", "пожалуйсто", "пожалуста", "хачу", "нибудь", "либо",
    "какиенибудь", "после", "кого", "кем", "кому", "возможна", "возможно", "используется",
    "используете", "сих", "пор", "чо", "чё", "че", "поводу", "насчет", "насчёт", "касательно",
    "хчу",
    // English
    "a", "am", "an", "and", "are", "at", "be", "can", "could", "do", "does", "for", "hey",
    "i", "im", "in", "is", "it", "just", "like", "me", "my", "of", "on", "or", "pls",
    "please", "plz", "so", "some", "that", "the", "there", "this", "to", "u", "want", "we",
    "what", "whats", "would", "you", "your", "after", "been", "had", "has", "have", "he",
    "her", "his", "it's", "its", "our", "really", "she", "them", "they", "us", "very", "was",
    "were", "with", "yet", "r", "ur", "till", "until", "exactly", "somewhere", "anywhere",
    "best", "come", "doesn", "don", "isn", "didn", "hasnt", "havent", "hasn", "haven", "didnt",
    "doesnt", "dont", "isnt", "wasnt", "arent", "aren", "regarding", "asap", "ever",
};

const std::unordered_set<std::string_view>& WordSet() {
  static const std::unordered_set<std::string_view> set(std::begin(kWords), std::end(kWords));
  return set;
}

}  // namespace

bool IsStopWord(std::string_view word) { return WordSet().count(word) > 0; }

}  // namespace switchboard::match
