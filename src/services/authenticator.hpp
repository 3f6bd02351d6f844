#pragma once
// Who is calling: the bearer token must be an access JWT that we signed with the configured
// algorithm and that has not expired; its session must still exist in Redis (logout and
// revocation act at once); its user must exist and be active. The user is loaded here,
// once per request, and travels with the principal.

#include <string>

#include <boost/asio/awaitable.hpp>

#include "core/uuid.hpp"
#include "domain/user.hpp"
#include "redis/thread_clients.hpp"
#include "security/jwt.hpp"
#include "services/session_store.hpp"
#include "services/user_cache.hpp"

namespace tessera::services {

enum class Role { user, superuser };

struct Principal {
  domain::User user;  // without its password hash
  core::Uuid session_id;
};

class Authenticator {
 public:
  Authenticator(const security::JwtCodec& jwt, const SessionStore& sessions, UserCache& users,
                redis::ThreadClients& redis);

  // Unauthorized for a missing, invalid, expired or revoked token and for a deleted or
  // inactive user; Forbidden when the user does not have the `required` role.
  boost::asio::awaitable<Principal> authenticate(std::string token, Role required) const;

 private:
  const security::JwtCodec& jwt_;
  const SessionStore& sessions_;
  UserCache& users_;
  redis::ThreadClients& redis_;
};

}  // namespace tessera::services
