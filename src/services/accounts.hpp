#pragma once
// Accounts: registration with email verification, login with JWT access tokens and
// refresh-token sessions, logout, password recovery. The rules of API.md's Auth table live
// here; the routes (api/auth_routes.cpp) only decode and encode.

#include <chrono>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "cache/rate_limiter.hpp"
#include "core/uuid.hpp"
#include "db/thread_pools.hpp"
#include "domain/user.hpp"
#include "mail/email_message.hpp"
#include "mappers/user_mapper.hpp"
#include "redis/thread_clients.hpp"
#include "security/jwt.hpp"
#include "security/password_hasher.hpp"
#include "services/one_time_tokens.hpp"
#include "services/session_store.hpp"
#include "services/task_outbox.hpp"
#include "services/two_factor.hpp"
#include "services/user_cache.hpp"

namespace tessera::services {

struct TokenPair {
  std::string access_token;
  std::chrono::seconds expires_in;
  std::string refresh_token;
};

struct AccountsConfig {
  std::string public_base_url;
  std::string emails_from;
  std::string task_queue = "celery";  // where the email tasks go
  std::chrono::seconds verify_token_lifetime{48 * 3600};
  std::chrono::seconds reset_token_lifetime{3600};
};

struct AccountsDeps {
  db::ThreadPools& db;
  redis::ThreadClients& redis;
  const security::PasswordHasher& passwords;
  const security::JwtCodec& jwt;
  const SessionStore& sessions;
  UserCache& users;
  const TaskOutbox& outbox;
  TwoFactor& two_factor;
};

class Accounts {
 public:
  Accounts(AccountsDeps deps, AccountsConfig config);

  // Conflict when the email is taken; 429 past 10 a hour per client address (each costs a
  // hash). The account and its verification email are one unit of work (the email through
  // the outbox): both happen or neither.
  boost::asio::awaitable<domain::User> register_user(std::string email, std::string password,
                                                     std::optional<std::string> full_name,
                                                     std::string client_address);
  // 400 for an unknown, expired or used token.
  boost::asio::awaitable<void> verify_email(std::string token);
  // 429 past 3 a hour per user. False when the email was verified already.
  boost::asio::awaitable<bool> resend_verification(core::Uuid user_id);
  // Counts a verification email the user asked for by changing its address against the
  // same limit as resend_verification (429 past it).
  boost::asio::awaitable<void> count_verification_email(core::Uuid user_id);

  // 401 (same body, similar time) for an unknown email or a wrong password; 403 inactive;
  // 429 after 5 failures in 15 minutes per email or per client address. With two-factor
  // authentication on, a right password throws SecondFactorRequired with a token for
  // login_second_step (single use, 5 minutes).
  boost::asio::awaitable<TokenPair> login(std::string email, std::string password, ClientInfo from);
  // 401 for an unknown, expired or used mfa token or a wrong code; 429 past the factor's limit.
  boost::asio::awaitable<TokenPair> login_second_step(std::string mfa_token, std::string code,
                                                      ClientInfo from);
  // 401 for an unknown token; a used one also revokes its session.
  boost::asio::awaitable<TokenPair> refresh(std::string refresh_token);
  boost::asio::awaitable<void> logout(core::Uuid user_id, core::Uuid session_id);

  // The user's live sessions, newest first.
  boost::asio::awaitable<std::vector<SessionInfo>> sessions(core::Uuid user_id);
  // NotFound unless `session_id` is one of the user's live sessions.
  boost::asio::awaitable<void> end_session(core::Uuid user_id, core::Uuid session_id);
  // Every session of the user but `current`.
  boost::asio::awaitable<void> end_other_sessions(core::Uuid user_id, core::Uuid current);

  // Queues a reset email when the account exists and is active; the caller answers the same
  // either way. 429 past 3 a hour per email or 10 per client address.
  boost::asio::awaitable<void> recover_password(std::string email, std::string client_address);
  // 400 for an unknown, expired or used token (or one issued before the password last
  // changed), and, with two-factor authentication on, for a missing or wrong `code` (the
  // token then still works). Revokes every session of the user.
  boost::asio::awaitable<void> reset_password(std::string token, std::string new_password,
                                              std::optional<std::string> code);

  // Within `tx` (the change the email belongs to): a verification token for the user's
  // current address (in Redis) and its email (in the outbox). Throws what Redis and
  // PostgreSQL throw: the caller's change then rolls back.
  boost::asio::awaitable<void> add_verification_email(db::Transaction& tx,
                                                      const domain::User& user);

 private:
  // Takes back a counted login attempt that is not a failure (best effort).
  boost::asio::awaitable<void> refund_login_attempt(const std::string& by_email,
                                                    const std::string& by_address);
  boost::asio::awaitable<TokenPair> open_session(const domain::User& user, const ClientInfo& from);
  boost::asio::awaitable<void> add_email(db::Transaction& tx, const mail::EmailMessage& message);

  AccountsDeps deps_;
  AccountsConfig config_;
  mappers::UserMapper users_;
  OneTimeTokens verify_tokens_;
  OneTimeTokens reset_tokens_;
  OneTimeTokens mfa_tokens_;
  cache::RateLimiter registrations_;
  cache::RateLimiter login_failures_;
  cache::RateLimiter resends_;
  cache::RateLimiter recoveries_;
};

}  // namespace tessera::services
