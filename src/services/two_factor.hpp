#pragma once
// Two-factor authentication with TOTP (RFC 6238; API.md, "Two-factor authentication").
// Set-up keeps a new secret pending in Redis until the user proves, with a code, that the
// authenticator app has it; confirming stores it on the user and hands out ten single-use
// recovery codes, stored as digests. Every check of a second factor goes through check():
// it counts wrong codes per user (5 in 15 minutes, then 429), accepts a TOTP code once (the
// step it matched is recorded in Redis), and uses up a recovery code.

#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "cache/rate_limiter.hpp"
#include "core/uuid.hpp"
#include "db/thread_pools.hpp"
#include "domain/user.hpp"
#include "mappers/recovery_code_mapper.hpp"
#include "mappers/user_mapper.hpp"
#include "redis/thread_clients.hpp"
#include "security/password_hasher.hpp"
#include "services/user_cache.hpp"

namespace tessera::services {

struct TwoFactorSetup {
  std::string secret;  // base32
  std::string otpauth_uri;
  std::string qr_svg;
};

struct TwoFactorDeps {
  db::ThreadPools& db;
  redis::ThreadClients& redis;
  const security::PasswordHasher& passwords;
  UserCache& users;
};

class TwoFactor {
 public:
  explicit TwoFactor(TwoFactorDeps deps, std::string issuer = "Tessera");

  // 400 for a wrong password, 409 when 2FA is on already. A new set-up replaces a pending one.
  boost::asio::awaitable<TwoFactorSetup> setup(core::Uuid user_id, std::string password);
  // Turns 2FA on with the pending secret: the recovery codes, shown this once. 400 for a
  // wrong code or no set-up in progress, 409 when it is on already.
  boost::asio::awaitable<std::vector<std::string>> confirm(core::Uuid user_id, std::string code);
  // Turns 2FA off: 400 for a wrong password or code, or when it is off.
  boost::asio::awaitable<void> disable(core::Uuid user_id, std::string password, std::string code);
  // Turns 2FA off without a factor (a superuser, for a user who lost the device), within
  // the caller's change.
  boost::asio::awaitable<void> turn_off(db::Transaction& tx, core::Uuid user_id) const;

  // Whether `code` is a second factor of `user` (loaded from the database, with its secret):
  // a 6-digit TOTP code not accepted before, or an unused recovery code, which is used up.
  // 429 after 5 wrong codes in 15 minutes.
  boost::asio::awaitable<bool> check(const domain::User& user, const std::string& code);

 private:
  boost::asio::awaitable<domain::User> load(core::Uuid user_id);
  // The TOTP step `code` matches in `secret`, recorded as used; false when it matches none
  // or its step was used already.
  boost::asio::awaitable<bool> accept_totp(core::Uuid user_id, const std::string& secret,
                                           const std::string& code);
  std::string pending_key(core::Uuid user_id) const;

  TwoFactorDeps deps_;
  std::string issuer_;
  mappers::UserMapper users_;
  mappers::RecoveryCodeMapper recovery_codes_;
  cache::RateLimiter failures_;
};

}  // namespace tessera::services
