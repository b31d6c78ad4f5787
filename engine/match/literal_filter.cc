// The two shelves of the literal filter and the scan over a text.
#include "match/literal_filter.h"

#include <algorithm>
#include <cstring>

namespace switchboard::match {
namespace {

constexpr size_t kLongPrefix = 8;

uint64_t Prefix(const char* at, size_t width) {
  uint64_t key = 0;
  std::memcpy(&key, at, width);
  return key;
}

}  // namespace

void LiteralFilter::Shelf::Add(uint64_t key, int literal) {
  bitmap[Slot(key) / 64] |= uint64_t{1} << (Slot(key) % 64);
  keys.emplace_back(key, literal);
}

void LiteralFilter::Add(std::string_view literal, int id) {
  if (literal.size() < kMinLength) return;
  const int index = static_cast<int>(literals_.size());
  literals_.emplace_back(std::string(literal), id);
  if (literal.size() >= kLongPrefix) {
    long_.Add(Prefix(literal.data(), kLongPrefix), index);
  } else {
    short_.Add(Prefix(literal.data(), kMinLength), index);
  }
}

void LiteralFilter::Finish() {
  std::sort(short_.keys.begin(), short_.keys.end());
  std::sort(long_.keys.begin(), long_.keys.end());
}

void LiteralFilter::Check(const Shelf& shelf, uint64_t key, std::string_view text, size_t at,
                          std::vector<Occurrence>* found) const {
  auto it = std::lower_bound(shelf.keys.begin(), shelf.keys.end(), std::make_pair(key, 0));
  for (; it != shelf.keys.end() && it->first == key; ++it) {
    const auto& [literal, id] = literals_[static_cast<size_t>(it->second)];
    if (text.substr(at, literal.size()) == literal) found->push_back(Occurrence{id, at});
  }
}

void LiteralFilter::Scan(std::string_view text, std::vector<Occurrence>* found) const {
  if (literals_.empty()) return;
  const bool any_short = !short_.keys.empty();
  const bool any_long = !long_.keys.empty();
  for (size_t i = 0; i + kMinLength <= text.size(); ++i) {
    const char* at = text.data() + i;
    if ((static_cast<unsigned char>(*at) & 0xC0) == 0x80) continue;  // inside a character
    if (any_short) {
      const uint64_t key = Prefix(at, kMinLength);
      if (short_.MayHold(key)) Check(short_, key, text, i, found);
    }
    if (any_long && i + kLongPrefix <= text.size()) {
      const uint64_t key = Prefix(at, kLongPrefix);
      if (long_.MayHold(key)) Check(long_, key, text, i, found);
    }
  }
}

}  // namespace switchboard::match
