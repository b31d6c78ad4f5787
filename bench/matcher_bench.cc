// Matcher cost: builds matchers of 10, 100, 1,000 and 10,000 triggers (keywords,
// phrases and about 10% regexes), one set in Russian and one in English, and
// matches fresh ~100-character messages against each: every message is new (its
// own mix of trigger words, filler, typos, capitals and words nobody has seen), so
// nothing is replayed and no cache is always warm.
// Prints `LANG.TRIGGERS.figure,value` lines for bench/run: build_ms, us_per_message,
// messages_per_s, candidates_per_message.
//   matcher_bench [--messages M] [--langs ru,en] [N ...]   (default 20000, ru,en, 10 100 1000 10000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "match/matcher.h"

using namespace switchboard;

namespace {

using Clock = std::chrono::steady_clock;

struct Language {
  std::string code;
  std::vector<std::string> words;      // real words of a salon's and shop's bot
  std::vector<std::string> syllables;  // for made-up words
  std::vector<std::string> filler;     // what surrounds them in a message
};

Language Russian() {
  return {"ru",
          {"привет", "здравствуйте", "спасибо", "запись", "записаться", "мастер", "стрижка", "маникюр",
           "педикюр", "окрашивание", "укладка", "брови", "ресницы", "массаж", "цена", "стоимость", "скидка",
           "акция", "сертификат", "подарок", "адрес", "телефон", "оплата", "карта", "доставка", "заказ",
           "отменить", "перенести", "время", "завтра", "сегодня", "суббота", "парковка", "оператор",
           "жалоба", "возврат", "курьер", "посылка", "размер", "гарантия", "обмен", "бонус"},
          {"ка", "ро", "ми", "на", "то", "ле", "ва", "ст", "пр", "ин", "ос", "за", "по", "ре", "ни", "ко",
           "да", "бе", "гу", "щи", "жа", "ой"},
          {"я", "мне", "нужно", "хочу", "можно", "как", "где", "когда", "у", "меня", "вопрос", "по",
           "поводу", "и", "ну", "очень", "срочно", "пожалуйста", "скажите", "а", "вот", "это", "вы", "ли"}};
}

Language English() {
  return {"en",
          {"hello", "thanks", "booking", "appointment", "haircut", "manicure", "pedicure", "coloring",
           "styling", "brows", "lashes", "massage", "price", "discount", "gift", "certificate", "address",
           "phone", "payment", "card", "delivery", "order", "cancel", "reschedule", "tomorrow", "today",
           "parking", "operator", "complaint", "refund", "courier", "parcel", "size", "warranty", "exchange"},
          {"ra", "co", "ne", "ti", "ma", "st", "pr", "in", "or", "el", "va", "ter", "con", "ing", "er", "lo",
           "de", "si", "ba", "us", "ex", "mo"},
          {"i", "want", "to", "need", "a", "my", "can", "you", "what", "is", "about", "with", "please",
           "the", "how", "where", "when", "do", "have", "there", "hi", "just", "really", "an"}};
}

const std::string& Pick(const std::vector<std::string>& words, std::mt19937& rng) {
  return words[rng() % words.size()];
}

std::string MadeUpWord(const Language& language, std::mt19937& rng) {
  std::string w;
  const int n = 2 + static_cast<int>(rng() % 3);
  for (int i = 0; i < n; ++i) w += Pick(language.syllables, rng);
  return w;
}

// A word for a trigger: real words while the set is small; as it grows, mostly
// made-up ones, so that each real word is shared by a handful of triggers (as in a
// real bot) rather than by hundreds.
std::string TriggerWord(const Language& language, std::mt19937& rng, size_t n) {
  if (n > 200 && rng() % n >= 200) return MadeUpWord(language, rng);
  return Pick(language.words, rng);
}

struct Workload {
  std::vector<std::string> trigger_words;  // what messages mention
  std::unique_ptr<const Matcher> matcher;
  double build_ms = 0;
};

Workload Build(const Language& language, size_t n, std::mt19937& rng) {
  Workload w;
  MatcherBuilder builder;
  if (language.code == "ru") {
    builder.AddSynonyms("цена", {"стоимость", "прайс"});
  } else {
    builder.AddSynonyms("price", {"cost", "fee"});
  }
  const auto start = Clock::now();
  for (size_t t = 0; t < n; ++t) {
    const int target = static_cast<int>(t / 3);
    const int kind = static_cast<int>(rng() % 10);
    if (kind == 0) {
      std::string pattern = TriggerWord(language, rng, n);
      pattern += R"(\s+(?P<code>[a-z]{2}-\d{3,6}))";
      auto r = builder.AddRegex(target, pattern);
      if (!r.ok()) std::fprintf(stderr, "regex: %s\n", r.status().ToString().c_str());
    } else if (kind < 6) {
      std::string keyword = TriggerWord(language, rng, n);
      if (rng() % 4 == 0) {
        keyword += ' ';
        keyword += TriggerWord(language, rng, n);
      }
      w.trigger_words.push_back(keyword);
      builder.AddKeyword(target, keyword, language.code, static_cast<double>(rng() % 3));
    } else {
      std::string phrase;
      for (int k = 0; k < 3; ++k) {
        if (k > 0) phrase += ' ';
        phrase += TriggerWord(language, rng, n);
      }
      w.trigger_words.push_back(phrase.substr(0, phrase.find(' ')));
      builder.AddPhrase(target, phrase, language.code);
    }
  }
  auto built = builder.Build();
  w.build_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!built.ok()) {
    std::fprintf(stderr, "matcher_bench: build failed: %s\n", built.status().ToString().c_str());
    std::exit(1);
  }
  w.matcher = std::move(built).value();
  return w;
}

// A typo at a random place: a letter dropped or doubled (UTF-8 aware).
std::string WithTypo(const std::string& word, std::mt19937& rng) {
  std::vector<std::string> letters;
  for (size_t i = 0; i < word.size();) {
    size_t len = 1;
    while (i + len < word.size() && (static_cast<unsigned char>(word[i + len]) & 0xC0) == 0x80) ++len;
    letters.push_back(word.substr(i, len));
    i += len;
  }
  if (letters.size() < 6) return word;
  const size_t at = 1 + rng() % (letters.size() - 2);
  if (rng() % 2) {
    letters.erase(letters.begin() + static_cast<long>(at));
  } else {
    letters.insert(letters.begin() + static_cast<long>(at), letters[at]);
  }
  std::string out;
  for (const auto& l : letters) out += l;
  return out;
}

// About 100 characters: filler with a trigger word about every fifth word, some
// with a typo, some capitalised, a made-up word in a third of the messages, now and
// then an order code.
std::vector<std::string> Messages(const Language& language, const Workload& w, std::mt19937& rng, size_t count) {
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t m = 0; m < count; ++m) {
    std::string s;
    size_t chars = 0;
    while (chars < 95) {
      std::string word;
      const unsigned roll = rng() % 15;
      if (roll < 3 && !w.trigger_words.empty()) {
        word = Pick(w.trigger_words, rng);
        if (rng() % 4 == 0) word = WithTypo(word, rng);
      } else if (roll == 3) {
        word = rng() % 3 == 0 ? MadeUpWord(language, rng) : Pick(language.words, rng);
      } else {
        word = Pick(language.filler, rng);
      }
      if (rng() % 8 == 0 && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 32);
      if (!s.empty()) s += rng() % 7 == 0 ? ", " : " ";
      s += word;
      chars = 0;
      for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    }
    if (rng() % 10 == 0) s += " " + Pick(language.words, rng) + " lm-" + std::to_string(1000 + rng() % 9000);
    s += "?";
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  size_t message_count = 20000;
  std::string langs = "ru,en";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--messages" && i + 1 < argc) {
      message_count = std::strtoul(argv[++i], nullptr, 10);
    } else if (arg == "--langs" && i + 1 < argc) {
      langs = argv[++i];
    } else {
      sizes.push_back(std::strtoul(arg.c_str(), nullptr, 10));
    }
  }
  if (sizes.empty()) sizes = {10, 100, 1000, 10000};
  for (const Language& language : {Russian(), English()}) {
    if (langs.find(language.code) == std::string::npos) continue;
    for (size_t n : sizes) {
      std::mt19937 rng(static_cast<unsigned>(42 + n + (language.code == "ru" ? 0 : 7)));
      Workload w = Build(language, n, rng);
      const std::vector<std::string> messages = Messages(language, w, rng, message_count);
      size_t chars = 0;
      for (const auto& m : messages) {
        for (unsigned char c : m) chars += (c & 0xC0) != 0x80;
      }
      size_t candidates = 0;
      const auto start = Clock::now();
      for (const auto& m : messages) candidates += w.matcher->Match(m).candidates.size();
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      const double count = static_cast<double>(messages.size());
      const std::string key = language.code + "." + std::to_string(n) + ".";
      std::printf("# %s %zu triggers: %zu fresh messages of %.0f characters on average\n", language.code.c_str(),
                  n, messages.size(), static_cast<double>(chars) / count);
      std::printf("%sbuild_ms,%.2f\n", key.c_str(), w.build_ms);
      std::printf("%sus_per_message,%.3f\n", key.c_str(), seconds * 1e6 / count);
      std::printf("%smessages_per_s,%.0f\n", key.c_str(), count / seconds);
      std::printf("%scandidates_per_message,%.2f\n", key.c_str(), static_cast<double>(candidates) / count);
      std::fflush(stdout);
    }
  }
  return 0;
}
