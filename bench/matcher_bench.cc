// Matcher throughput: builds matchers of 10, 100, 1,000 and 10,000 triggers (keywords,
// phrases and about 10% regexes; Russian and English words plus made-up ones) and
// matches ~100-character messages against each. Prints, per trigger count: build time,
// mean nanoseconds per message after a warm-up pass, and candidates per message.
// Usage: matcher_bench [--exact-only] [--min-score=S] [N ...]   (default 10 100 1000 10000)
// --exact-only turns off typos, transliteration and layout, to show what they cost.
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

const char* const kRussian[] = {
    "привет", "здравствуйте", "спасибо", "запись", "записаться", "мастер", "стрижка", "маникюр", "педикюр",
    "окрашивание", "укладка", "брови", "ресницы", "массаж", "цена", "стоимость", "скидка", "акция",
    "сертификат", "подарок", "адрес", "телефон", "оплата", "карта", "доставка", "заказ", "отменить",
    "перенести", "время", "завтра", "сегодня", "суббота", "парковка", "оператор", "жалоба", "возврат"};
const char* const kEnglish[] = {"hello", "thanks", "booking", "appointment", "haircut", "manicure", "pedicure",
                                "coloring", "styling", "brows", "lashes", "massage", "price", "discount",
                                "gift", "certificate", "address", "phone", "payment", "card", "delivery",
                                "order", "cancel", "reschedule", "tomorrow", "today", "parking", "operator"};
const char* const kRuSyllables[] = {"ка", "ро", "ми", "на", "то", "ле", "ва", "ст", "пр", "ин", "ос", "за",
                                    "по", "ре", "ни", "ко", "да", "бе", "гу", "щи", "жа", "ой"};
const char* const kEnSyllables[] = {"ra", "co", "ne", "ti", "ma", "st", "pr", "in", "or", "el", "va", "ter",
                                    "con", "ing", "er", "lo", "de", "si", "ba", "us", "ex", "mo"};
const char* const kFiller[] = {"я", "мне", "нужно", "хочу", "можно", "как", "где", "когда", "у", "меня",
                               "вопрос", "по", "поводу", "и", "the", "i", "want", "to", "need", "a", "my",
                               "can", "you", "what", "is", "about", "with", "please,", "ну", "очень", "срочно"};

template <typename T, size_t N>
const char* Pick(const T (&words)[N], std::mt19937& rng) {
  return words[rng() % N];
}

std::string PseudoWord(std::mt19937& rng, bool russian) {
  std::string w;
  int n = 2 + static_cast<int>(rng() % 3);
  for (int i = 0; i < n; ++i) w += russian ? Pick(kRuSyllables, rng) : Pick(kEnSyllables, rng);
  return w;
}

// A word for a trigger: real words while the set is small; as it grows, mostly
// made-up ones, so that each real word is shared by a handful of triggers (as in a
// real bot) rather than by hundreds.
std::string TriggerWord(std::mt19937& rng, bool russian, size_t n) {
  if (n > 200 && rng() % n >= 200) return PseudoWord(rng, russian);
  return russian ? Pick(kRussian, rng) : Pick(kEnglish, rng);
}

struct Workload {
  std::vector<std::string> trigger_words;  // for messages
  std::unique_ptr<const Matcher> matcher;
  double build_ms = 0;
};

Workload Build(size_t n, std::mt19937& rng, const MatcherOptions& options) {
  Workload w;
  MatcherBuilder builder(options);
  builder.AddSynonyms("цена", {"стоимость", "прайс"});
  auto start = Clock::now();
  for (size_t t = 0; t < n; ++t) {
    bool russian = rng() % 3 != 0;
    int target = static_cast<int>(t / 3);
    int kind = static_cast<int>(rng() % 10);
    if (kind == 0) {
      std::string word = TriggerWord(rng, russian, n);
      auto r = builder.AddRegex(target, word + R"(\s+(?P<code>[a-z]{2}-\d{3,6}))");
      if (!r.ok()) std::fprintf(stderr, "regex: %s\n", r.status().ToString().c_str());
    } else if (kind < 6) {
      std::string kw = TriggerWord(rng, russian, n);
      if (rng() % 4 == 0) kw += " " + TriggerWord(rng, russian, n);
      w.trigger_words.push_back(kw);
      builder.AddKeyword(target, kw, russian ? "ru" : "en", static_cast<double>(rng() % 3));
    } else {
      std::string phrase;
      for (int k = 0; k < 3; ++k) phrase += (k ? " " : "") + TriggerWord(rng, russian, n);
      w.trigger_words.push_back(phrase.substr(0, phrase.find(' ')));
      builder.AddPhrase(target, phrase, russian ? "ru" : "en");
    }
  }
  auto built = builder.Build();
  w.build_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!built.ok()) {
    std::fprintf(stderr, "build failed: %s\n", built.status().ToString().c_str());
    std::exit(1);
  }
  w.matcher = std::move(built).value();
  return w;
}

// ~100-character messages: filler with a trigger word about every sixth word, some
// capitalised, some with a typo, an occasional order code.
std::vector<std::string> Messages(const Workload& w, std::mt19937& rng, size_t count) {
  std::vector<std::string> out;
  for (size_t m = 0; m < count; ++m) {
    std::string s;
    while (s.size() < 150) {  // bytes: Cyrillic takes two per letter
      std::string word = rng() % 6 == 0 && !w.trigger_words.empty() ? w.trigger_words[rng() % w.trigger_words.size()]
                                                                     : Pick(kFiller, rng);
      if (rng() % 8 == 0 && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 32);
      if (rng() % 10 == 0 && word.size() > 6) word.erase(word.size() / 2, 1);
      if (!s.empty()) s += rng() % 7 == 0 ? ", " : " ";
      s += word;
    }
    if (rng() % 10 == 0) s += " заказ lm-" + std::to_string(1000 + rng() % 9000);
    s += "?";
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  MatcherOptions options;
  double min_score = 0.3;  // Matcher::Match's default
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--exact-only") {
      options.typo_min_length = 1000;
      options.translit = false;
      options.keyboard_layout = false;
    } else if (arg.rfind("--min-score=", 0) == 0) {
      min_score = std::strtod(arg.c_str() + 12, nullptr);
    } else {
      sizes.push_back(std::strtoul(argv[i], nullptr, 10));
    }
  }
  if (sizes.empty()) sizes = {10, 100, 1000, 10000};
  std::printf("# command:");
  for (int i = 0; i < argc; ++i) std::printf(" %s", argv[i]);
  std::printf("\n# min_score %.2f\n# triggers,build_ms,ns_per_message,candidates_per_message,messages,mean_message_chars\n", min_score);
  for (size_t n : sizes) {
    std::mt19937 rng(static_cast<unsigned>(42 + n));
    Workload w = Build(n, rng, options);
    std::vector<std::string> messages = Messages(w, rng, 1000);
    size_t chars = 0;
    for (const auto& m : messages) {
      for (unsigned char c : m) chars += (c & 0xC0) != 0x80;
    }
    size_t candidates = 0;
    for (const auto& m : messages) candidates += w.matcher->Match(m, min_score).candidates.size();  // warm-up
    size_t done = 0;
    auto start = Clock::now();
    double elapsed = 0;
    do {
      for (const auto& m : messages) candidates += w.matcher->Match(m, min_score).candidates.size();
      done += messages.size();
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < 1.0);
    std::printf("%zu,%.1f,%.0f,%.2f,%zu,%.0f\n", n, w.build_ms, elapsed * 1e9 / static_cast<double>(done),
                static_cast<double>(candidates) / static_cast<double>(done + messages.size()), done,
                static_cast<double>(chars) / static_cast<double>(messages.size()));
    std::fflush(stdout);
  }
  return 0;
}
