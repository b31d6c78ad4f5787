// Signed visitor tokens of the web chat: "<id>.<signature>", where id is 32 random
// hex digits and the signature the first 128 bits of HMAC-SHA256(secret, id) in
// hex. A page keeps its token across reloads; nobody can guess another visitor's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace switchboard::adapters {

// A new token for a new visitor.
std::string NewVisitorToken(std::string_view secret);
// The visitor id of a token signed with `secret`; nullopt for anything else.
std::optional<std::string> VerifyVisitorToken(std::string_view secret, std::string_view token);

}  // namespace switchboard::adapters
