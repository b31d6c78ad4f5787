// Random tokens (see random_token.h).
#include "adapters/common/random_token.h"

#include <openssl/rand.h>

#include <vector>

namespace switchboard::adapters {

std::string RandomHex(size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::vector<unsigned char> data(bytes);
  if (bytes == 0 || RAND_bytes(data.data(), static_cast<int>(bytes)) != 1) return "";
  std::string out;
  for (unsigned char b : data) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

}  // namespace switchboard::adapters
