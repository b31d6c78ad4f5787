// The built-in framing and generic word lists (filler words are in stop_words.cc).
// Kept to words whose role does not depend on the business: greetings, thanks and
// politeness in Russian and English, and question words and verbs that every topic
// shares.
#include "match/word_roles.h"

#include <unordered_set>

#include "match/stop_words.h"

namespace switchboard::match {
namespace {

constexpr std::string_view kFraming[] = {
    // Russian: greetings, thanks, politeness, ways of addressing the salon.
    "привет", "приветик", "приветствую", "здравствуйте", "здравствуй", "здрасте", "здрасьте",
    "добрый", "доброе", "доброго", "доброй", "спасибо", "спс", "благодарю", "заранее", "извините",
    "простите", "плиз", "пжл", "пж", "пожалуйсто", "девушки", "девочки", "девушка", "уважаемые",
    "салют", "хай", "ау", "подскажите", "скажите", "пожалуйста", "ребята", "алло",
    // English
    "hello", "hi", "hey", "hiya", "thanks", "thank", "thx", "please", "pls", "plz", "sorry",
    "excuse", "greetings", "dear", "guys", "ladies",
};

constexpr std::string_view kGeneric[] = {
    // Russian: question words and verbs every topic shares.
    "сколько", "стоит", "стоить", "стоят", "где", "как", "какой", "какая", "какое",
    "какие", "каким", "когда", "куда", "можно", "есть", "нужно", "надо", "нужен", "нужна",
    "узнать", "сделать", "делаете", "делать", "купить", "почему", "зачем", "кто", "что", "чем",
    "сегодня", "сейчас", "щас", "ли", "быть", "будет", "ваши",
    // requests, pronouns and times of day that any topic uses
    "скиньте", "скинь", "скинуть", "пришлите", "напишите", "расскажите", "покажите", "дайте",
    "он", "она", "оно", "они", "все", "всё", "через", "там", "тут", "здесь", "очень", "просто",
    "завтра", "послезавтра", "утром", "вечером", "днем", "неделю", "неделе", "норм", "нормально",
    "возможен", "возможно", "прислали", "пришел", "пришло", "один", "одна", "два", "две", "три",
    "четыре", "пять", "раз", "жду", "ждать", "уже", "купила", "купил", "глянуть", "посмотреть",
    "взглянуть", "увидеть", "уточнить", "могу", "можете", "могли", "сможете", "смогу",
    "срочно", "скорее", "побыстрее", "быстрее", "urgent", "urgently", "quickly",
    // times of day as numbers in words: hours and booking both speak of them
    "пяти", "шести", "семи", "восьми", "девяти", "десяти", "одиннадцати", "двенадцати",
    // days: hours, booking and delivery all speak of them
    "понедельник", "вторник", "среда", "среду", "четверг", "пятница", "пятницу", "суббота",
    "субботу", "воскресенье", "выходные", "праздники",
    // English
    "how", "much", "many", "where", "when", "which", "who", "why", "get", "have", "has", "need",
    "buy", "make", "any", "see", "look", "today", "now", "with", "about", "send", "tell", "show",
    "give", "they", "very", "tomorrow", "tonight", "right", "was", "were", "been", "will",
    "near", "nearby", "closest", "here", "one", "two", "three", "bought", "got", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend",
};

constexpr std::string_view kConjunctions[] = {"и", "а", "также", "плюс", "еще", "ещё", "and", "also", "plus"};

constexpr std::string_view kGreetingHeads[] = {"добрый", "доброе", "доброго", "доброй", "good"};
constexpr std::string_view kGreetingTails[] = {"день", "дня", "вечер", "вечера", "утро", "утра",
                                               "ночи", "morning", "afternoon", "evening", "day"};

using WordSet = std::unordered_set<std::string_view>;

template <size_t N>
WordSet SetOf(const std::string_view (&words)[N]) {
  return WordSet(std::begin(words), std::end(words));
}

}  // namespace

WordRole RoleOf(std::string_view word) {
  static const WordSet framing = SetOf(kFraming);
  static const WordSet generic = SetOf(kGeneric);
  if (framing.count(word) > 0) return WordRole::kFraming;
  if (IsStopWord(word)) return WordRole::kFiller;
  if (generic.count(word) > 0) return WordRole::kGeneric;
  return WordRole::kContent;
}

bool IsConjunction(std::string_view word) {
  static const WordSet conjunctions = SetOf(kConjunctions);
  return conjunctions.count(word) > 0;
}

bool IsGreetingHead(std::string_view word) {
  static const WordSet heads = SetOf(kGreetingHeads);
  return heads.count(word) > 0;
}

bool IsGreetingTail(std::string_view word) {
  static const WordSet tails = SetOf(kGreetingTails);
  return tails.count(word) > 0;
}

bool IsFramingPair(std::string_view first, std::string_view second) {
  return IsGreetingHead(first) && IsGreetingTail(second);
}

}  // namespace switchboard::match
