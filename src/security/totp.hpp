#pragma once
// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP, HMAC-SHA-1, 30-second steps):
// what authenticator apps compute, so only the parameters every app supports are used.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::security {

// RFC 4648 base32 (A-Z, 2-7) without '=' padding: how authenticator apps take secrets.
std::string base32_encode(std::span<const unsigned char> bytes);

// The bytes of base32 text, in either case, with spaces and '=' ignored (apps and users add
// them). Nullopt on any other character, or on a length no encoding can have (1, 3 or 6
// characters past a multiple of 8).
std::optional<std::vector<unsigned char>> base32_decode(std::string_view text);

// A new shared secret: 20 bytes (SHA-1's size, as RFC 4226 recommends) from the system's
// CSPRNG, as 32 base32 characters. Throws std::runtime_error if the CSPRNG fails.
std::string new_totp_secret();

// The time step a moment falls in: floor(unix_seconds / 30), also before 1970.
std::int64_t totp_step(std::int64_t unix_seconds);

// HOTP of `step` under `key`: HMAC-SHA-1, dynamic truncation, the last `digits` decimal
// digits (6 to 8; std::invalid_argument otherwise). Leading zeros are the caller's to show.
int totp_code(std::span<const unsigned char> key, std::int64_t step, int digits = 6);

// The step among totp_step(unix_seconds) ± window whose 6-digit code is `code`, compared in
// constant time; the earliest when several match. Nullopt when `code` is not exactly 6 ASCII
// digits, the secret is not base32 or is empty, or no step matches. The caller records the
// step to refuse the same code, or an older one, a second time.
std::optional<std::int64_t> totp_match(std::string_view secret_base32, std::string_view code,
                                       std::int64_t unix_seconds, std::int64_t window = 1);

// The otpauth://totp/ URI that authenticator apps read from a QR code, with label and
// parameters percent-encoded (RFC 3986's unreserved characters kept, a space as %20).
std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret_base32);

}  // namespace tessera::security
