// Tests of engine/actions/url_encoding.cc: what a value becomes in a path segment or a
// query, and which base URLs and request paths are accepted.
#include "actions/url_encoding.h"
#include "util/redact.h"

#include <doctest/doctest.h>

namespace switchboard {
namespace {

TEST_CASE("EncodePathValue keeps a hostile value inside one path segment") {
  CHECK(EncodePathValue("../../admin?x=1#frag") == "..%2F..%2Fadmin%3Fx%3D1%23frag");
  CHECK(EncodePathValue("a b/c%d") == "a%20b%2Fc%25d");
  CHECK(EncodePathValue("LM-10001_x.y~z") == "LM-10001_x.y~z");
  CHECK(EncodePathValue("") == "");
}

TEST_CASE("EncodePathValue encodes a dot-segment value whole") {
  CHECK(EncodePathValue("..") == "%2E%2E");
  CHECK(EncodePathValue(".") == "%2E");
  CHECK(EncodePathValue("...") == "...");
}

TEST_CASE("EncodePathValue encodes Cyrillic as UTF-8 bytes") {
  CHECK(EncodePathValue("Вера") == "%D0%92%D0%B5%D1%80%D0%B0");
}

TEST_CASE("EncodeQueryValue encodes ampersands, equals signs, plus signs and spaces") {
  CHECK(EncodeQueryValue("a&b=c+d e") == "a%26b%3Dc%2Bd%20e");
  CHECK(EncodeQueryValue("2030-12-28") == "2030-12-28");
  CHECK(EncodeQueryValue("..") == "..");
}

TEST_CASE("ValidateBaseUrl accepts http and https with a host, port and prefix") {
  CHECK(ValidateBaseUrl("http://127.0.0.1:8091").ok());
  CHECK(ValidateBaseUrl("https://booking.example.ru").ok());
  CHECK(ValidateBaseUrl("http://booking.local:8080/api/v1").ok());
  CHECK(ValidateBaseUrl("http://booking.local/api/").ok());
  CHECK(ValidateBaseUrl("HTTP://[::1]:8091").ok());
}

TEST_CASE("ValidateBaseUrl rejects other schemes, missing hosts, userinfo and queries") {
  const char* bad[] = {"ftp://x",          "http://",         "http://a@b",
                       "http://host/path?q", "http://host#top", "127.0.0.1:8091",
                       "http://host:",     "http://host:0",   "http://host:70000",
                       "http://host:80a",  "http://ho st",    "http://host/a b",
                       "http://:8080",     "http://[::1",     "http://host/%zz"};
  for (const char* url : bad) {
    CAPTURE(url);
    Status status = ValidateBaseUrl(url);
    CHECK(status.code() == StatusCode::kInvalidArgument);
    // The URL is quoted, with any userinfo redacted ("http://***@b").
    CHECK(status.message().find(RedactCredentials(url)) != std::string::npos);
  }
}

TEST_CASE("ValidateBaseUrl says what is wrong") {
  CHECK(ValidateBaseUrl("ftp://x").message().find("http:// or https://") != std::string::npos);
  CHECK(ValidateBaseUrl("http://a@b").message().find("user name") != std::string::npos);
  CHECK(ValidateBaseUrl("http://host/path?q").message().find("query") != std::string::npos);
  CHECK(ValidateBaseUrl("http://").message().find("no host") != std::string::npos);
}

TEST_CASE("ValidateRequestPath accepts encoded paths and refuses raw queries and text") {
  CHECK(ValidateRequestPath("/orders/..%2F..%2Fadmin%3Fx%3D1%23frag").ok());
  CHECK(ValidateRequestPath("/").ok());
  CHECK_FALSE(ValidateRequestPath("orders/1").ok());
  CHECK_FALSE(ValidateRequestPath("").ok());
  CHECK_FALSE(ValidateRequestPath("/orders/1?x=1").ok());
  CHECK_FALSE(ValidateRequestPath("/orders/1#x").ok());
  CHECK_FALSE(ValidateRequestPath("/orders/a b").ok());
  CHECK_FALSE(ValidateRequestPath("/orders/Вера").ok());
  CHECK_FALSE(ValidateRequestPath("/orders/%4").ok());
}

}  // namespace
}  // namespace switchboard
