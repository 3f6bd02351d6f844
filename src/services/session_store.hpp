#pragma once
// Login sessions in Redis. A session is a hash: its user, the digest of its current refresh
// token, the digests of the tokens already used, when it was opened and last used, when it
// ends at the latest (REFRESH_TOKEN_EXPIRE_DAYS after the login), and the client's user
// agent and address for the sessions list. The key expires SESSION_IDLE_MINUTES after the
// last use (never past the absolute end), so an unused session ends by itself. Each user
// has a set of its session ids so that all of them can be listed and revoked.
//
// An access token names its session (`sid`), and every authenticated request touches it:
// logout and revocation take effect at once, and use keeps the session alive.
//
// A refresh token is "<session id>.<32 random bytes, base64url>"; only digests are stored.
// It is single use: refreshing replaces it. Presenting one that this session issued and
// that was used already means it was copied: the whole session is revoked. A token that
// was never issued (the session id is readable in any access token) changes nothing.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/uuid.hpp"

namespace tessera::redis {
class Client;
}

namespace tessera::services {

// Who opens a session, as the sessions list shows it.
struct ClientInfo {
  std::string address;  // empty when unknown
  std::string user_agent;
};

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

// Times in Unix milliseconds.
struct SessionInfo {
  core::Uuid id;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
  std::int64_t expires_at = 0;  // the earlier of the idle and the absolute end
  std::optional<std::string> user_agent;
  std::optional<std::string> ip;
};

class SessionStore {
 public:
  SessionStore(std::chrono::seconds lifetime, std::chrono::seconds idle,
               std::string prefix = "tessera:");

  std::chrono::seconds lifetime() const { return lifetime_; }

  boost::asio::awaitable<OpenedSession> open(redis::Client& client, const core::Uuid& user,
                                             const ClientInfo& from) const;
  boost::asio::awaitable<Rotation> rotate(redis::Client& client,
                                          std::string_view refresh_token) const;
  // Whether the session is live; when it is, it counts as used now.
  boost::asio::awaitable<bool> touch(redis::Client& client, const core::Uuid& session) const;
  // touch() and, in the same round trip, the value at `key` when the session is live (the
  // caller's cached profile): an authenticated request costs one round trip to Redis.
  struct Touched {
    bool live = false;
    std::optional<std::string> value;
  };
  boost::asio::awaitable<Touched> touch_and_read(redis::Client& client, const core::Uuid& session,
                                                 std::string key) const;
  // The user's live sessions, newest first.
  boost::asio::awaitable<std::vector<SessionInfo>> list(redis::Client& client,
                                                        const core::Uuid& user) const;
  // False when the session is not one of the user's (or is gone already).
  boost::asio::awaitable<bool> revoke(redis::Client& client, const core::Uuid& user,
                                      const core::Uuid& session) const;
  // Every session of the user, except `keep` when given (the one changing its password).
  boost::asio::awaitable<void> revoke_all(redis::Client& client, const core::Uuid& user,
                                          std::optional<core::Uuid> keep = std::nullopt) const;

 private:
  std::string session_key(const core::Uuid& session) const;
  std::string user_key(const core::Uuid& user) const;

  std::chrono::seconds lifetime_;
  std::chrono::seconds idle_;
  std::string prefix_;
};

}  // namespace tessera::services
