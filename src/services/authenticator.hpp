#pragma once
// The API's bearer authentication (http::Authenticator): the token must be an access JWT
// that we signed with the configured algorithm and that has not expired; its session must
// still exist in Redis (logout and revocation act at once); its user must exist and be
// active. Any failure is 401 with `WWW-Authenticate: Bearer`; a user on a superuser route
// is 403.

#include <boost/asio/awaitable.hpp>

#include "http/context.hpp"
#include "http/route.hpp"
#include "redis/thread_clients.hpp"
#include "security/jwt.hpp"
#include "services/session_store.hpp"
#include "services/user_cache.hpp"

namespace tessera::services {

class Authenticator {
 public:
  Authenticator(const security::JwtCodec& jwt, const SessionStore& sessions, UserCache& users,
                redis::ThreadClients& redis);

  boost::asio::awaitable<void> authenticate(http::Context& ctx, http::Auth auth) const;

 private:
  const security::JwtCodec& jwt_;
  const SessionStore& sessions_;
  UserCache& users_;
  redis::ThreadClients& redis_;
};

// 401 with the header the OAuth2 bearer scheme asks for.
[[noreturn]] void throw_unauthorized(const std::string& detail);

}  // namespace tessera::services
