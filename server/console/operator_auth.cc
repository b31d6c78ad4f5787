// Password hashes and session tokens with libsodium (see operator_auth.h).
#include "server/console/operator_auth.h"

#include <sodium.h>

#include <cstdlib>

namespace switchboard::server {
namespace {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string Mac(std::string_view secret, std::string_view message) {
  unsigned char key[crypto_auth_KEYBYTES];
  crypto_generichash(key, sizeof key, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     nullptr, 0);
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(), key);
  char hex[2 * crypto_auth_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

}  // namespace

std::string HashPassword(std::string_view password) {
  if (!SodiumReady()) return "";
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return "";
  }
  return out;
}

bool IsPasswordHash(std::string_view hash) {
  return hash.starts_with("$argon2id$") && hash.size() < crypto_pwhash_STRBYTES;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!SodiumReady() || !IsPasswordHash(hash)) return false;
  std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string IssueSessionToken(std::string_view secret, std::string_view operator_id, int64_t expires_ms) {
  if (!SodiumReady()) return "";
  std::string signed_part = std::to_string(expires_ms) + "." + std::string(operator_id);
  return std::to_string(expires_ms) + "." + Mac(secret, signed_part) + "." + std::string(operator_id);
}

std::optional<std::string> VerifySessionToken(std::string_view secret, std::string_view token, int64_t now_ms) {
  if (!SodiumReady() || secret.empty()) return std::nullopt;
  size_t first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || second + 1 >= token.size()) return std::nullopt;
  std::string expires(token.substr(0, first));
  char* end = nullptr;
  long long at = std::strtoll(expires.c_str(), &end, 10);
  if (expires.empty() || *end != '\0' || at <= now_ms) return std::nullopt;
  std::string_view id = token.substr(second + 1);
  std::string expected = Mac(secret, expires + "." + std::string(id));
  std::string_view given = token.substr(first + 1, second - first - 1);
  if (given.size() != expected.size() || sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  return std::string(id);
}

}  // namespace switchboard::server
