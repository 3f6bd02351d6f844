#include "services/accounts.hpp"

#include <exception>
#include <optional>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/email_address.hpp"
#include "core/errors.hpp"
#include "core/ip_network.hpp"
#include "core/logging.hpp"
#include "core/timestamp.hpp"
#include "db/errors.hpp"
#include "db/transaction.hpp"
#include "mail/templates.hpp"
#include "security/tokens.hpp"
#include "services/errors.hpp"
#include "tasks/send_email_args.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::seconds;

constexpr std::int64_t kLoginFailures = 5;
constexpr auto kLoginWindow = std::chrono::minutes(15);

[[noreturn]] void too_many(seconds retry_after, const char* detail) {
  throw TooMany(detail, retry_after);
}

[[noreturn]] void bad_token() {
  throw Invalid("Invalid or expired token");
}

// A one-time token's payload: the user it is for, and a value it is bound to (the email it
// verifies, or a digest of the password it replaces), so that it dies when that changes.
struct TokenSubject {
  core::Uuid user;
  std::string bound;
};

std::string token_payload(core::Uuid user, const char* bound_name, std::string_view bound) {
  return json::serialize(json::object{{"user", user.str()}, {bound_name, bound}});
}

// 400 unless `payload` is what token_payload wrote.
TokenSubject parse_token_payload(std::string_view payload, const char* bound_name) {
  std::error_code error;
  const json::value value = json::parse(payload, error);
  const json::object* fields = error ? nullptr : value.if_object();
  const json::value* id_text = fields ? fields->if_contains("user") : nullptr;
  const json::value* bound = fields ? fields->if_contains(bound_name) : nullptr;
  if (!id_text || !id_text->is_string() || !bound || !bound->is_string()) bad_token();
  const auto id = core::Uuid::parse(std::string(id_text->get_string()));
  if (!id) bad_token();
  return {*id, std::string(bound->get_string())};
}

}  // namespace

Accounts::Accounts(AccountsDeps deps, AccountsConfig config)
    : deps_(deps),
      config_(std::move(config)),
      verify_tokens_("verify_email", config_.verify_token_lifetime),
      reset_tokens_("reset_password", config_.reset_token_lifetime),
      mfa_tokens_("mfa_login", std::chrono::minutes(5)),
      registrations_("tessera:registrations:", 10, std::chrono::hours(1)),
      login_failures_("tessera:login_failures:", kLoginFailures, kLoginWindow),
      resends_("tessera:resend_verification:", 3, std::chrono::hours(1)),
      recoveries_("tessera:password_recovery:", 3, std::chrono::hours(1)) {}

asio::awaitable<domain::User> Accounts::register_user(std::string email, std::string password,
                                                      std::optional<std::string> full_name,
                                                      std::string client_address) {
  const std::string by_address = core::address_rate_key(client_address);
  const auto decision = co_await registrations_.hit(deps_.redis.local(), by_address);
  if (!decision.allowed) too_many(decision.retry_after, "Too many registrations; try again later");
  std::string hash = co_await deps_.passwords.hash(std::move(password));
  domain::User user = domain::new_user(email, std::move(hash), std::move(full_name));
  // The account and its verification email: both, or neither (a 503 when Redis or
  // PostgreSQL is down).
  auto tx = co_await deps_.db.local().begin();
  try {
    user = co_await users_.insert(tx, user);
  } catch (const db::ConflictError&) {
    throw Conflict("The email is already registered");
  }
  co_await add_verification_email(tx, user);
  co_await tx.commit();
  deps_.outbox.committed();
  co_return user;
}

asio::awaitable<void> Accounts::add_verification_email(db::Transaction& tx,
                                                       const domain::User& user) {
  std::string text = token_payload(user.id, "email", user.email);
  auto& redis = deps_.redis.local();
  const std::string token = co_await verify_tokens_.issue(redis, std::move(text));
  const std::string link = config_.public_base_url + "/api/v1/auth/verify-email?token=" + token;
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(verify_tokens_.lifetime());
  const auto message = mail::verification_email(config_.emails_from, user.email, link, hours);
  co_await add_email(tx, message);
}

asio::awaitable<void> Accounts::add_email(db::Transaction& tx, const mail::EmailMessage& message) {
  const auto args = tasks::SendEmailArgs::of(message);
  queue::EnqueueOptions options;
  options.queue = config_.task_queue;
  co_await deps_.outbox.add(tx, args, std::move(options));
}

asio::awaitable<void> Accounts::verify_email(std::string token) {
  const auto payload = co_await verify_tokens_.consume(deps_.redis.local(), token);
  if (!payload) bad_token();
  const TokenSubject subject = parse_token_payload(*payload, "email");
  // Locked while checked and written: an email change cannot slip in between, so a token
  // for an address the user has changed since never verifies the new one.
  auto tx = co_await deps_.db.local().begin();
  const auto user = co_await users_.lock_by_id(tx, subject.user);
  if (!user || user->email != subject.bound) bad_token();
  if (user->email_verified) co_return;
  domain::UserPatch patch;
  patch.email_verified = true;
  co_await users_.update(tx, user->id, patch);
  co_await tx.commit();
  co_await deps_.users.invalidate(user->id);
}

asio::awaitable<void> Accounts::count_verification_email(core::Uuid user_id) {
  const std::string key = user_id.str();
  const auto decision = co_await resends_.hit(deps_.redis.local(), key);
  if (!decision.allowed) too_many(decision.retry_after, "Too many verification emails requested");
}

asio::awaitable<bool> Accounts::resend_verification(core::Uuid user_id) {
  co_await count_verification_email(user_id);
  const auto user = co_await users_.find_by_id(deps_.db.local(), user_id);
  if (!user) throw Unauthorized("Could not validate credentials");
  if (user->email_verified) co_return false;
  auto tx = co_await deps_.db.local().begin();
  co_await add_verification_email(tx, *user);
  co_await tx.commit();
  deps_.outbox.committed();
  co_return true;
}

asio::awaitable<TokenPair> Accounts::login(std::string email, std::string password,
                                           ClientInfo from) {
  email = core::normalize_email(email);
  auto& redis = deps_.redis.local();
  const std::string by_email = "email:" + email;
  const std::string by_address = "address:" + core::address_rate_key(from.address);
  // Counted before the password is checked, atomically: of parallel attempts, only the
  // first `limit` reach the check; while limited, even the right password is refused. A
  // login that succeeds takes its attempt back, so only failures add up.
  const auto email_hit = co_await login_failures_.hit(redis, by_email);
  const auto address_hit = co_await login_failures_.hit(redis, by_address);
  if (!email_hit.allowed || !address_hit.allowed)
    too_many(std::max(email_hit.retry_after, address_hit.retry_after),
             "Too many failed login attempts; try again later");

  std::optional<domain::User> user;
  bool accepted = false;
  std::exception_ptr failure;  // the check itself failed (PostgreSQL down, pool full)
  try {
    user = co_await users_.find_by_email(deps_.db.local(), email);
    if (user) {
      accepted = co_await deps_.passwords.verify(user->hashed_password, password);
    } else {
      co_await deps_.passwords.verify_dummy(password);  // the same time as a real check
    }
  } catch (...) {
    failure = std::current_exception();
  }
  // Only a wrong password counts: a success, or an attempt we could not check, is taken
  // back (as far as Redis lets us: the window ends it anyway).
  if (failure || accepted) co_await refund_login_attempt(by_email, by_address);
  if (failure) std::rethrow_exception(failure);
  if (!accepted) throw Unauthorized("Incorrect email or password");
  if (!user->is_active) throw Forbidden("Inactive user");
  if (user->two_factor_enabled()) {
    std::string text =
        token_payload(user->id, "password", security::token_digest(user->hashed_password));
    std::string mfa_token = co_await mfa_tokens_.issue(redis, std::move(text));
    throw SecondFactorRequired(std::move(mfa_token));
  }
  co_return co_await open_session(*user, from);
}

asio::awaitable<TokenPair> Accounts::login_second_step(std::string mfa_token, std::string code,
                                                       ClientInfo from) {
  auto& redis = deps_.redis.local();
  const auto payload = co_await mfa_tokens_.peek(redis, mfa_token);
  if (!payload) throw Unauthorized("Invalid or expired two-factor login; log in again");
  const TokenSubject subject = parse_token_payload(*payload, "password");
  const auto user = co_await users_.find_by_id(deps_.db.local(), subject.user);
  // Bound to the password it followed: a password changed meanwhile ends this login.
  if (!user || !user->is_active || !user->two_factor_enabled() ||
      security::token_digest(user->hashed_password) != subject.bound)
    throw Unauthorized("Invalid or expired two-factor login; log in again");
  const bool factor = co_await deps_.two_factor.check(*user, code);
  if (!factor) throw Unauthorized("Invalid two-factor code");
  // Used up only now: a wrong code leaves the login to try again, within the code limit.
  const auto consumed = co_await mfa_tokens_.consume(redis, mfa_token);
  if (!consumed) throw Unauthorized("Invalid or expired two-factor login; log in again");
  co_return co_await open_session(*user, from);
}

asio::awaitable<void> Accounts::refund_login_attempt(const std::string& by_email,
                                                     const std::string& by_address) {
  std::string error;
  try {
    auto& redis = deps_.redis.local();
    co_await login_failures_.refund(redis, by_email);
    co_await login_failures_.refund(redis, by_address);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!error.empty()) core::log_warning("login attempt not taken back", {{"error", error}});
}

asio::awaitable<TokenPair> Accounts::open_session(const domain::User& user,
                                                  const ClientInfo& from) {
  const OpenedSession session = co_await deps_.sessions.open(deps_.redis.local(), user.id, from);
  co_return TokenPair{deps_.jwt.issue(user.id, session.session_id, core::now()),
                      deps_.jwt.lifetime(), session.refresh_token};
}

asio::awaitable<TokenPair> Accounts::refresh(std::string refresh_token) {
  auto& redis = deps_.redis.local();
  const Rotation rotation = co_await deps_.sessions.rotate(redis, refresh_token);
  if (rotation.outcome == Rotation::Outcome::unknown) throw Unauthorized("Invalid refresh token");
  if (rotation.outcome == Rotation::Outcome::reused) {
    core::log_warning(
        "refresh token reused: session revoked",
        {{"user_id", rotation.user_id.str()}, {"session_id", rotation.session_id.str()}});
    throw Unauthorized("Refresh token already used; the session is revoked");
  }
  const auto user = co_await deps_.users.find(rotation.user_id);
  if (!user || !user->is_active) {
    co_await deps_.sessions.revoke(redis, rotation.user_id, rotation.session_id);
    throw Unauthorized("Invalid refresh token");
  }
  co_return TokenPair{deps_.jwt.issue(user->id, rotation.session_id, core::now()),
                      deps_.jwt.lifetime(), rotation.refresh_token};
}

asio::awaitable<void> Accounts::logout(core::Uuid user_id, core::Uuid session_id) {
  co_await deps_.sessions.revoke(deps_.redis.local(), user_id, session_id);
}

asio::awaitable<std::vector<SessionInfo>> Accounts::sessions(core::Uuid user_id) {
  co_return co_await deps_.sessions.list(deps_.redis.local(), user_id);
}

asio::awaitable<void> Accounts::end_session(core::Uuid user_id, core::Uuid session_id) {
  const bool ended = co_await deps_.sessions.revoke(deps_.redis.local(), user_id, session_id);
  if (!ended) throw NotFound("Session not found");
}

asio::awaitable<void> Accounts::end_other_sessions(core::Uuid user_id, core::Uuid current) {
  co_await deps_.sessions.revoke_all(deps_.redis.local(), user_id, current);
}

asio::awaitable<void> Accounts::recover_password(std::string email, std::string client_address) {
  email = core::normalize_email(email);
  auto& redis = deps_.redis.local();
  const std::string by_email = "email:" + email;
  const std::string by_address = "address:" + core::address_rate_key(client_address);
  const auto email_hit = co_await recoveries_.hit(redis, by_email);
  if (!email_hit.allowed) too_many(email_hit.retry_after, "Too many password recovery requests");
  const auto address_hit = co_await recoveries_.hit(redis, by_address);
  if (address_hit.count > 10)
    too_many(address_hit.retry_after, "Too many password recovery requests");
  const auto user = co_await users_.find_by_email(deps_.db.local(), email);
  if (!user || !user->is_active) co_return;
  // Bound to the current hash: once the password changes, older reset links stop working.
  std::string text =
      token_payload(user->id, "password", security::token_digest(user->hashed_password));
  const std::string token = co_await reset_tokens_.issue(redis, std::move(text));
  const std::string link = config_.public_base_url + "/reset-password?token=" + token;
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(reset_tokens_.lifetime());
  const auto message = mail::password_reset_email(config_.emails_from, user->email, link, minutes);
  auto tx = co_await deps_.db.local().begin();
  co_await add_email(tx, message);
  co_await tx.commit();
  deps_.outbox.committed();
}

asio::awaitable<void> Accounts::reset_password(std::string token, std::string new_password,
                                               std::optional<std::string> code) {
  auto& redis = deps_.redis.local();
  const auto payload = co_await reset_tokens_.peek(redis, token);
  if (!payload) bad_token();
  const TokenSubject subject = parse_token_payload(*payload, "password");
  // A reset never bypasses the second factor.
  const auto owner = co_await users_.find_by_id(deps_.db.local(), subject.user);
  if (owner && owner->two_factor_enabled()) {
    if (!code || code->empty()) throw Invalid("Two-factor code required");
    const bool factor = co_await deps_.two_factor.check(*owner, *code);
    if (!factor) throw Invalid("Invalid two-factor code");
  }
  const auto consumed = co_await reset_tokens_.consume(redis, token);
  if (!consumed) bad_token();
  domain::UserPatch patch;
  patch.hashed_password = co_await deps_.passwords.hash(std::move(new_password));
  // Checked and written under the row's lock: a password changed meanwhile kills the token.
  auto tx = co_await deps_.db.local().begin();
  const auto user = co_await users_.lock_by_id(tx, subject.user);
  if (!user || !user->is_active || security::token_digest(user->hashed_password) != subject.bound)
    bad_token();
  co_await users_.update(tx, user->id, patch);
  co_await tx.commit();
  co_await deps_.sessions.revoke_all(deps_.redis.local(), user->id);
  co_await deps_.users.invalidate(user->id);
}

}  // namespace tessera::services
