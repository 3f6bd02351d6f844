#pragma once
// Access tokens: HMAC-signed JWTs whose algorithm is fixed by configuration. libjwt writes
// them; our own code checks them, because libjwt 1.10 accepts unsigned tokens, tokens of
// any HMAC algorithm signed with the same secret and expired tokens (DESIGN.md, Known
// pitfalls), and compares signatures with strcmp. The signature is checked first, in
// constant time, and nothing of the token is read before it has passed.

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/settings.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace tessera::security {

// What an access token says, once verified.
struct AccessClaims {
  core::Uuid user_id;          // "sub"
  core::Uuid session_id;       // "sid": the login session, so that logout can revoke it
  std::string jti;             // this token's own id
  core::Timestamp issued_at;   // "iat", whole seconds
  core::Timestamp expires_at;  // "exp", whole seconds
};

// A token that must not be accepted. what() is a short reason for the logs ("expired",
// "bad signature"), never the token or the secret; clients only ever see a plain 401.
class InvalidToken : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class JwtCodec {
 public:
  // The "iss" and "aud" of every token issued, required of every token verified.
  static constexpr std::string_view issuer = "tessera";
  static constexpr std::string_view audience = "tessera-api";

  // Throws std::invalid_argument for an empty secret or a lifetime that is not positive.
  JwtCodec(std::string secret, core::JwtAlgorithm algorithm, std::chrono::seconds lifetime);

  // A signed token (header typ "JWT") with the claims iss, aud, sub, sid, jti, iat (now, in
  // whole seconds), exp (iat + lifetime) and type "access". An empty `jti` means a new
  // random one.
  std::string issue(const core::Uuid& user, const core::Uuid& session, core::Timestamp now,
                    std::string jti = {}) const;

  // The claims of a token signed with this secret and algorithm (its header's alg says so,
  // its typ, if any, is "JWT", it has no crit), unexpired at `now` (a token is expired from
  // its exp on), of type "access", from our issuer to our audience. Throws InvalidToken
  // otherwise.
  AccessClaims verify(std::string_view token, core::Timestamp now) const;

  core::JwtAlgorithm algorithm() const { return algorithm_; }
  std::chrono::seconds lifetime() const { return lifetime_; }

 private:
  std::string secret_;
  core::JwtAlgorithm algorithm_;
  std::chrono::seconds lifetime_;
};

}  // namespace tessera::security
