// Operators' credentials: Argon2id password hashes (libsodium's crypto_pwhash_str,
// so the hash carries its own salt and costs) and login sessions as signed tokens
// that carry the operator and the expiry, so that any server process on the same
// secret accepts them without shared session state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchboard::server {

// An Argon2id hash ("$argon2id$v=19$m=...") with libsodium's interactive costs;
// "" when hashing failed (out of memory).
std::string HashPassword(std::string_view password);
// True when `hash` looks like what HashPassword makes.
bool IsPasswordHash(std::string_view hash);
// True when `password` matches `hash`. Takes about as long as hashing.
bool VerifyPassword(std::string_view hash, std::string_view password);

// "<expires ms>.<hex MAC>.<operator id>", the MAC (HMAC-SHA-512-256) over the
// expiry and the id with a key derived from `secret`.
std::string IssueSessionToken(std::string_view secret, std::string_view operator_id, int64_t expires_ms);
// The operator id of a token signed with `secret` that has not expired by
// `now_ms`; nullopt otherwise.
std::optional<std::string> VerifySessionToken(std::string_view secret, std::string_view token, int64_t now_ms);

}  // namespace switchboard::server
