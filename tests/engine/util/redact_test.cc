// Credentials never reach a message: the redacting helper, and the messages of the
// Redis store, the service URL check and the flow compiler that quote URLs.
#include <doctest/doctest.h>

#include "actions/url_encoding.h"
#include "switchboard/store.h"
#include "util/redact.h"

using namespace switchboard;

TEST_CASE("RedactCredentials hides the password of a URL's userinfo and keeps the rest") {
  CHECK(RedactCredentials("redis://:s3cret@127.0.0.1:6379/0") == "redis://:***@127.0.0.1:6379/0");
  CHECK(RedactCredentials("redis://default:s3cret@h:1/2") == "redis://default:***@h:1/2");
  CHECK(RedactCredentials("redis://s3cret@h") == "redis://***@h");
  CHECK(RedactCredentials("http://user:pa/ss@host/api") == "http://user:***@host/api");
  CHECK(RedactCredentials("http://user:p@ss@host") == "http://user:***@host");
  CHECK(RedactCredentials("http://host:8080/prefix") == "http://host:8080/prefix");
  CHECK(RedactCredentials("http://host/users/@anna") == "http://host/users/@anna");
}

TEST_CASE("RedactCredentials hides secret query values and finds URLs inside a message") {
  CHECK(RedactCredentials("https://h/x?date=1&api_key=abc&token=t#top") ==
        "https://h/x?date=1&api_key=***&token=***#top");
  CHECK(RedactCredentials("cannot reach 'redis://:pw@h:1' and \"http://a:b@c\" now") ==
        "cannot reach 'redis://:***@h:1' and \"http://a:***@c\" now");
  CHECK(RedactCredentials("no URL here: user:pass@host") == "no URL here: user:pass@host");
}

TEST_CASE("IsCredentialName knows the names secrets travel under") {
  CHECK(IsCredentialName("Authorization"));
  CHECK(IsCredentialName("X-Api-Key"));
  CHECK(IsCredentialName("access_token"));
  CHECK(IsCredentialName("Cookie"));
  CHECK_FALSE(IsCredentialName("date"));
  CHECK_FALSE(IsCredentialName("Accept"));
}

TEST_CASE("NewRedisStore never prints the password of a URL it refuses") {
  RedisStoreOptions options;
  options.url = "redis://:R3disPass@127.0.0.1:99999/0";
  auto store = NewRedisStore(options);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().message().find("R3disPass") == std::string::npos);
  CHECK(store.status().message().find("redis://:***@127.0.0.1:99999/0") != std::string::npos);
  options.url = "redis://user:R3disPass@[::1:6379/x";
  store = NewRedisStore(options);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().ToString().find("R3disPass") == std::string::npos);
}

TEST_CASE("ValidateBaseUrl refuses userinfo without quoting the password") {
  Status status = ValidateBaseUrl("http://admin:S3cretPass@127.0.0.1:8081");
  REQUIRE_FALSE(status.ok());
  CHECK(status.message().find("S3cretPass") == std::string::npos);
  CHECK(status.message().find("admin:***@127.0.0.1") != std::string::npos);
}
