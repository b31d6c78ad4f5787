// Which of many literals occur in a text, in one pass over it. Each literal is filed
// under its first 8 bytes (4 when shorter); a bitmap of those prefixes rules out
// almost every position of the text with one read, and the rare positions left are
// compared in full. Used to run a regex trigger only when its required literal is in
// the message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchboard::match {

// Add literals, Finish once, then Scan: safe for concurrent Scan calls after Finish.
class LiteralFilter {
 public:
  static constexpr size_t kMinLength = 4;  // bytes; shorter literals are not filed

  // Files `literal` (at least kMinLength bytes) under the caller's `id`.
  void Add(std::string_view literal, int id);
  void Finish();
  bool empty() const { return literals_.empty(); }

  struct Occurrence {
    int id;
    size_t position;  // byte offset in the text
  };
  // Appends every occurrence in `text` of a literal that starts with an ASCII
  // character or a UTF-8 lead byte, by position.
  void Scan(std::string_view text, std::vector<Occurrence>* found) const;

 private:
  // Literals filed under one prefix width: keys sorted, with a bitmap of their
  // hashes in front.
  struct Shelf {
    static constexpr int kBits = 16;
    std::vector<uint64_t> bitmap = std::vector<uint64_t>((size_t{1} << kBits) / 64);
    std::vector<std::pair<uint64_t, int>> keys;  // prefix, index in literals_

    static size_t Slot(uint64_t key) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - kBits)); }
    bool MayHold(uint64_t key) const { return (bitmap[Slot(key) / 64] >> (Slot(key) % 64)) & 1; }
    void Add(uint64_t key, int literal);
  };
  void Check(const Shelf& shelf, uint64_t key, std::string_view text, size_t at, std::vector<Occurrence>* found) const;

  std::vector<std::pair<std::string, int>> literals_;  // literal, caller's id
  Shelf short_;  // 4-byte prefixes of literals under 8 bytes
  Shelf long_;   // 8-byte prefixes
};

}  // namespace switchboard::match
