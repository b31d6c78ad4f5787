// HMAC-SHA256 webhook signatures (see webhook_signature.h).
#include "adapters/common/webhook_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>

#include "adapters/common/json_response.h"

namespace switchboard::adapters {

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

bool SignatureMatches(std::string_view signature, std::string_view prefix, std::string_view key,
                      std::string_view body) {
  if (!signature.starts_with(prefix)) return false;
  signature.remove_prefix(prefix.size());
  if (signature.empty()) return false;
  std::string lower(signature);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return SecretEquals(lower, HmacSha256Hex(key, body));
}

}  // namespace switchboard::adapters
