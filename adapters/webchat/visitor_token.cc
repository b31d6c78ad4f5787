// Visitor tokens signed with HMAC-SHA256 (OpenSSL's libcrypto).
#include "adapters/webchat/visitor_token.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "adapters/common/json_response.h"
#include "adapters/common/random_token.h"

namespace switchboard::adapters {
namespace {

std::string Hex(const unsigned char* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

std::string Sign(std::string_view secret, std::string_view id) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(id.data()), id.size(), mac, &len);
  return Hex(mac, 16);
}

}  // namespace

std::string NewVisitorToken(std::string_view secret) {
  std::string id = RandomHex(16);
  if (id.empty()) return "";
  return id + "." + Sign(secret, id);
}

std::optional<std::string> VerifyVisitorToken(std::string_view secret, std::string_view token) {
  size_t dot = token.find('.');
  if (dot != 32 || token.size() != 32 + 1 + 32) return std::nullopt;
  std::string_view id = token.substr(0, dot);
  if (!SecretEquals(Sign(secret, id), token.substr(dot + 1))) return std::nullopt;
  return std::string(id);
}

}  // namespace switchboard::adapters
