// The per-thread Snowball stemmers. libstemmer keeps its working buffer inside the
// sb_stemmer, so one stemmer per thread and language is both safe and allocation-free
// after the first few calls.
#include "match/stemmer.h"

#include <libstemmer.h>

#include <unordered_map>

#include "match/text_normalizer.h"

namespace switchboard::match {
namespace {

class ThreadStemmers {
 public:
  ThreadStemmers()
      : russian_(sb_stemmer_new("russian", "UTF_8")), english_(sb_stemmer_new("english", "UTF_8")) {}
  ~ThreadStemmers() {
    if (russian_ != nullptr) sb_stemmer_delete(russian_);
    if (english_ != nullptr) sb_stemmer_delete(english_);
  }
  ThreadStemmers(const ThreadStemmers&) = delete;
  ThreadStemmers& operator=(const ThreadStemmers&) = delete;

  std::string Run(sb_stemmer* stemmer, std::string_view word) {
    if (stemmer == nullptr) return std::string(word);
    const sb_symbol* out = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                           static_cast<int>(word.size()));
    if (out == nullptr) return std::string(word);  // out of memory: compare unstemmed
    return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(stemmer)));
  }
  sb_stemmer* russian() { return russian_; }
  sb_stemmer* english() { return english_; }

 private:
  sb_stemmer* russian_;
  sb_stemmer* english_;
};

ThreadStemmers& Stemmers() {
  thread_local ThreadStemmers stemmers;
  return stemmers;
}

}  // namespace

// Messages repeat the same words, so each thread remembers recent stems; the cache is
// dropped when it grows past kCacheLimit words.
constexpr size_t kCacheLimit = 20000;

std::string StemUncached(std::string_view word) {
  if (word.empty() || HasDigit(word)) return std::string(word);
  switch (ScriptOf(word)) {
    case Script::kCyrillic:
      return Stemmers().Run(Stemmers().russian(), word);
    case Script::kLatin:
      return Stemmers().Run(Stemmers().english(), word);
    default:
      return std::string(word);
  }
}

std::string Stem(std::string_view word) {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  thread_local std::unordered_map<std::string, std::string, Hash, std::equal_to<>> cache;
  auto it = cache.find(word);
  if (it != cache.end()) return it->second;
  if (cache.size() >= kCacheLimit) cache.clear();
  std::string stem = StemUncached(word);
  cache.emplace(std::string(word), stem);
  return stem;
}

std::string StemRussian(std::string_view word) { return Stemmers().Run(Stemmers().russian(), word); }

}  // namespace switchboard::match
