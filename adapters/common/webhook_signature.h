// Checking that a webhook really comes from the messenger: HMAC-SHA256 of the raw
// body (WhatsApp's X-Hub-Signature-256, Viber's X-Viber-Content-Signature), always
// compared in constant time. Computed on the bytes as received, never on re-encoded JSON.
#pragma once

#include <string>
#include <string_view>

namespace switchboard::adapters {

// Lowercase hex of HMAC-SHA256(key, message).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// True when `signature_hex` (after an optional `prefix`, such as "sha256=") is the
// HMAC-SHA256 of `body` under `key`. Case-insensitive hex; false when empty.
bool SignatureMatches(std::string_view signature, std::string_view prefix, std::string_view key,
                      std::string_view body);

}  // namespace switchboard::adapters
