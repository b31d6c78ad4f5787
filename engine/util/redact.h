// Credentials kept out of everything printed or logged: the password in a URL's
// userinfo and secret-looking query values. The one place for the rule; every message
// that may quote a Redis URL or a service URL goes through it.
#pragma once

#include <string>
#include <string_view>

namespace switchboard {

// What stands in place of a secret.
inline constexpr std::string_view kRedacted = "***";

// text with every URL in it ("scheme://...", up to a space or a quote) stripped of
// its credentials: the password of the userinfo ("redis://:pw@host" ->
// "redis://:***@host", "http://user:pw@host" -> "http://user:***@host"), a userinfo
// without a colon whole ("redis://pw@host" -> "redis://***@host": Redis reads it as
// a password), and the values of query parameters named like a secret (token, key,
// secret, password, auth, signature...). Text without URLs comes back unchanged.
std::string RedactCredentials(std::string_view text);

// True for names of parameters and headers that carry credentials: Cookie,
// Set-Cookie, pass, pwd, sig, and any name containing auth, token, key, secret,
// password or signature (case-insensitive).
bool IsCredentialName(std::string_view name);

}  // namespace switchboard
