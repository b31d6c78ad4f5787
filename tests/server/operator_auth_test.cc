// Operators' credentials: Argon2id hashes and signed, expiring session tokens.
#include <doctest/doctest.h>

#include "server/console/operator_auth.h"

namespace switchboard::server {
namespace {

TEST_CASE("An Argon2id hash accepts its password and nothing else") {
  std::string hash = HashPassword("correct horse");
  REQUIRE(IsPasswordHash(hash));
  CHECK(hash.starts_with("$argon2id$"));
  CHECK(VerifyPassword(hash, "correct horse"));
  CHECK_FALSE(VerifyPassword(hash, "correct horse "));
  CHECK_FALSE(VerifyPassword(hash, ""));
  CHECK_FALSE(VerifyPassword("plain text", "plain text"));
  CHECK(HashPassword("correct horse") != hash);  // salted
}

TEST_CASE("A session token names its operator until it expires") {
  std::string token = IssueSessionToken("secret", "olga", 2000);
  CHECK(VerifySessionToken("secret", token, 1999) == std::optional<std::string>("olga"));
  CHECK_FALSE(VerifySessionToken("secret", token, 2000));
  CHECK_FALSE(VerifySessionToken("other secret", token, 1000));
  CHECK_FALSE(VerifySessionToken("", token, 1000));
}

TEST_CASE("A session token cannot be altered to name another operator or a later expiry") {
  std::string token = IssueSessionToken("secret", "olga", 2000);
  std::string other = token.substr(0, token.rfind('.')) + ".ivan";
  CHECK_FALSE(VerifySessionToken("secret", other, 1000));
  std::string later = "9" + token;
  CHECK_FALSE(VerifySessionToken("secret", later, 1000));
  for (const char* junk : {"", ".", "..", "1.2", "abc.def.olga", "2000..olga"}) {
    CHECK_FALSE(VerifySessionToken("secret", junk, 1000));
  }
}

TEST_CASE("An operator id with dots survives the token") {
  std::string token = IssueSessionToken("s", "anna.k", 5000);
  CHECK(VerifySessionToken("s", token, 1) == std::optional<std::string>("anna.k"));
}

}  // namespace
}  // namespace switchboard::server
