#include "services/authenticator.hpp"

#include "core/logging.hpp"
#include "core/timestamp.hpp"
#include "http/http_error.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;

// "Bearer <token>", the scheme compared without case (RFC 7235).
std::string_view bearer_token(const http::Context& ctx) {
  const std::string* header = ctx.request().headers.find("authorization");
  if (!header) return {};
  std::string_view value = *header;
  constexpr std::string_view scheme = "bearer ";
  if (value.size() <= scheme.size()) return {};
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return {};
  value.remove_prefix(scheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return value;
}

}  // namespace

void throw_unauthorized(const std::string& detail) {
  throw http::HttpError(401, detail, {{"WWW-Authenticate", "Bearer"}});
}

Authenticator::Authenticator(const security::JwtCodec& jwt, const SessionStore& sessions,
                             UserCache& users, redis::ThreadClients& redis)
    : jwt_(jwt), sessions_(sessions), users_(users), redis_(redis) {}

asio::awaitable<void> Authenticator::authenticate(http::Context& ctx, http::Auth auth) const {
  const std::string_view token = bearer_token(ctx);
  if (token.empty()) throw_unauthorized("Not authenticated");
  security::AccessClaims claims;
  try {
    claims = jwt_.verify(token, core::now());
  } catch (const security::InvalidToken& e) {
    core::log_info("bearer token refused", {{"reason", e.what()}});
    throw_unauthorized("Could not validate credentials");
  }
  if (!co_await sessions_.is_live(redis_.local(), claims.session_id))
    throw_unauthorized("Session expired or revoked");
  const auto user = co_await users_.find(claims.user_id);
  if (!user || !user->is_active) throw_unauthorized("Could not validate credentials");
  if (auth == http::Auth::superuser && !user->is_superuser)
    throw http::HttpError(403, "The user doesn't have enough privileges");
  ctx.set_principal({claims.user_id, claims.session_id, user->is_superuser});
}

}  // namespace tessera::services
