#pragma once
// Login sessions in Redis. A session is a hash (user, digest of its current refresh token)
// that expires REFRESH_TOKEN_EXPIRE_DAYS after the login; each user has a set of its
// session ids so that all of them can be revoked at once. An access token names its session
// (`sid`), and every authenticated request checks that the session still exists: logout
// and revocation take effect at once.
//
// A refresh token is "<session id>.<32 random bytes, base64url>"; only its SHA-256 digest
// is stored. It is single use: refreshing replaces it. Presenting one that is no longer the
// session's current token means it was copied: the whole session is revoked.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "core/uuid.hpp"

namespace tessera::redis {
class Client;
}

namespace tessera::services {

struct OpenedSession {
  core::Uuid session_id;
  std::string refresh_token;
};

struct Rotation {
  enum class Outcome { rotated, unknown, reused };
  Outcome outcome = Outcome::unknown;
  core::Uuid user_id;         // rotated and reused
  core::Uuid session_id;      // rotated and reused
  std::string refresh_token;  // rotated: the new one
};

class SessionStore {
 public:
  explicit SessionStore(std::chrono::seconds lifetime, std::string prefix = "tessera:");

  std::chrono::seconds lifetime() const { return lifetime_; }

  boost::asio::awaitable<OpenedSession> open(redis::Client& client, const core::Uuid& user) const;
  boost::asio::awaitable<Rotation> rotate(redis::Client& client,
                                          std::string_view refresh_token) const;
  boost::asio::awaitable<bool> is_live(redis::Client& client, const core::Uuid& session) const;
  boost::asio::awaitable<void> revoke(redis::Client& client, const core::Uuid& user,
                                      const core::Uuid& session) const;
  // Every session of the user, except `keep` when given (the one changing its password).
  boost::asio::awaitable<void> revoke_all(redis::Client& client, const core::Uuid& user,
                                          std::optional<core::Uuid> keep = std::nullopt) const;

 private:
  std::string session_key(const core::Uuid& session) const;
  std::string user_key(const core::Uuid& user) const;

  std::chrono::seconds lifetime_;
  std::string prefix_;
};

}  // namespace tessera::services
