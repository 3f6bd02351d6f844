#pragma once
// Opaque random tokens (refresh, email verification, password reset). The database keeps
// only a token's digest, so a leaked table does not hand out working tokens.

#include <string>
#include <string_view>

namespace tessera::security {

// 32 bytes from the system's CSPRNG as unpadded base64url: 43 characters of [A-Za-z0-9_-].
std::string random_token();

// SHA-256 of the token as 64 lowercase hexadecimal digits: what gets stored and looked up.
// A fast hash is enough: the token has 256 bits of entropy, nothing to brute-force.
std::string token_digest(std::string_view token);

// Whether a and b are equal, in a time that depends only on their length (which is not
// secret: digests and tokens have fixed lengths). False when the lengths differ.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace tessera::security
