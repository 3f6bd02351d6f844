#include "services/authenticator.hpp"

#include "core/logging.hpp"
#include "core/timestamp.hpp"
#include "services/errors.hpp"

namespace tessera::services {

namespace asio = boost::asio;

Authenticator::Authenticator(const security::JwtCodec& jwt, const SessionStore& sessions,
                             UserCache& users, redis::ThreadClients& redis)
    : jwt_(jwt), sessions_(sessions), users_(users), redis_(redis) {}

asio::awaitable<Principal> Authenticator::authenticate(std::string token, Role required) const {
  if (token.empty()) throw Unauthorized("Not authenticated");
  security::AccessClaims claims;
  try {
    claims = jwt_.verify(token, core::now());
  } catch (const security::InvalidToken& e) {
    core::log_info("bearer token refused", {{"reason", e.what()}});
    throw Unauthorized("Could not validate credentials");
  }
  // One round trip: the session's check and the cached profile; the cache's own path (and
  // PostgreSQL) only when the profile is not cached.
  const auto touched = co_await sessions_.touch_and_read(redis_.local(), claims.session_id,
                                                         users_.cached_key(claims.user_id));
  if (!touched.live) throw Unauthorized("Session expired or revoked");
  std::optional<domain::User> user;
  if (touched.value) user = users_.from_cached(*touched.value);
  if (!user) user = co_await users_.find(claims.user_id);
  if (!user || !user->is_active) throw Unauthorized("Could not validate credentials");
  if (required == Role::superuser && !user->is_superuser)
    throw Forbidden("The user doesn't have enough privileges");
  co_return Principal{std::move(*user), claims.session_id};
}

}  // namespace tessera::services
