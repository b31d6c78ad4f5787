// Unguessable tokens for what a customer carries back to us (a visitor's cookie, a
// button's payload): random bytes from OpenSSL's CSPRNG, as lowercase hex.
#pragma once

#include <cstddef>
#include <string>

namespace switchboard::adapters {

// `bytes` random bytes as 2 * bytes lowercase hex digits; "" when the generator
// fails (callers refuse to go on without a token).
std::string RandomHex(size_t bytes);

}  // namespace switchboard::adapters
