#include "services/two_factor.hpp"

#include <chrono>

#include <openssl/rand.h>

#include "core/ascii.hpp"
#include "db/transaction.hpp"
#include "redis/client.hpp"
#include "security/qr_svg.hpp"
#include "security/tokens.hpp"
#include "security/totp.hpp"
#include "services/errors.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr int kRecoveryCodes = 10;
constexpr auto kPendingLifetime = 15min;
// A used step is remembered past the ±1 step window in which its code is accepted.
constexpr auto kUsedStepLifetime = 120s;

std::int64_t unix_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

bool is_totp_code(const std::string& code) {
  if (code.size() != 6) return false;
  for (const char c : code)
    if (c < '0' || c > '9') return false;
  return true;
}

// Recovery codes are read off paper: case, spaces and hyphens do not matter.
std::string normalize_recovery_code(std::string_view code) {
  std::string out;
  for (const char c : code)
    if (c != '-' && c != ' ') out += core::ascii_lower(c);
  return out;
}

// "xxxxx-xxxxx" of base32 (50 bits each): unguessable in 5 tries, easy to type.
std::string new_recovery_code() {
  unsigned char bytes[7];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("CSPRNG failure");
  std::string text;
  for (const char c : security::base32_encode(bytes).substr(0, 10)) text += core::ascii_lower(c);
  return text.substr(0, 5) + "-" + text.substr(5);
}

}  // namespace

TwoFactor::TwoFactor(TwoFactorDeps deps, std::string issuer)
    : deps_(deps),
      issuer_(std::move(issuer)),
      failures_("tessera:2fa_failures:", 5, std::chrono::minutes(15)) {}

std::string TwoFactor::pending_key(core::Uuid user_id) const {
  return "tessera:2fa_pending:" + user_id.str();
}

asio::awaitable<domain::User> TwoFactor::load(core::Uuid user_id) {
  auto user = co_await users_.find_by_id(deps_.db.local(), user_id);
  if (!user) throw Unauthorized("Could not validate credentials");
  co_return std::move(*user);
}

asio::awaitable<TwoFactorSetup> TwoFactor::setup(core::Uuid user_id, std::string password) {
  const domain::User user = co_await load(user_id);
  const bool right = co_await deps_.passwords.verify(user.hashed_password, std::move(password));
  if (!right) throw Invalid("Incorrect password");
  if (user.two_factor_enabled()) throw Conflict("Two-factor authentication is already on");
  TwoFactorSetup out;
  out.secret = security::new_totp_secret();
  out.otpauth_uri = security::otpauth_uri(issuer_, user.email, out.secret);
  out.qr_svg = security::qr_svg(out.otpauth_uri);
  redis::SetOptions options;
  options.ttl = std::chrono::milliseconds(kPendingLifetime);
  std::string key = pending_key(user_id);
  co_await deps_.redis.local().set(std::move(key), out.secret, options);
  co_return out;
}

asio::awaitable<std::vector<std::string>> TwoFactor::confirm(core::Uuid user_id, std::string code) {
  auto& redis = deps_.redis.local();
  std::string key = pending_key(user_id);
  const auto secret = co_await redis.get(key);
  if (!secret) throw Invalid("No two-factor set-up in progress; start with /setup");
  const auto decision = co_await failures_.hit(redis, user_id.str());
  if (!decision.allowed) throw TooMany("Too many wrong two-factor codes", decision.retry_after);
  const bool accepted = co_await accept_totp(user_id, *secret, code);
  if (!accepted) throw Invalid("Invalid two-factor code");
  co_await failures_.refund(redis, user_id.str());

  std::vector<std::string> codes, digests;
  for (int i = 0; i < kRecoveryCodes; ++i) {
    codes.push_back(new_recovery_code());
    digests.push_back(security::token_digest(normalize_recovery_code(codes.back())));
  }
  auto tx = co_await deps_.db.local().begin();
  const auto user = co_await users_.lock_by_id(tx, user_id);
  if (!user) throw Unauthorized("Could not validate credentials");
  if (user->two_factor_enabled()) throw Conflict("Two-factor authentication is already on");
  domain::UserPatch patch;
  patch.totp_secret = *secret;
  co_await users_.update(tx, user_id, patch);
  co_await recovery_codes_.replace(tx, user_id, digests);
  co_await tx.commit();
  co_await redis.del(std::move(key));
  co_await deps_.users.invalidate(user_id);
  co_return codes;
}

asio::awaitable<void> TwoFactor::disable(core::Uuid user_id, std::string password,
                                         std::string code) {
  const domain::User user = co_await load(user_id);
  const bool right = co_await deps_.passwords.verify(user.hashed_password, std::move(password));
  if (!right) throw Invalid("Incorrect password");
  if (!user.two_factor_enabled()) throw Invalid("Two-factor authentication is not on");
  const bool factor = co_await check(user, code);
  if (!factor) throw Invalid("Invalid two-factor code");
  auto tx = co_await deps_.db.local().begin();
  co_await turn_off(tx, user_id);
  co_await tx.commit();
  co_await deps_.users.invalidate(user_id);
}

asio::awaitable<void> TwoFactor::turn_off(db::Transaction& tx, core::Uuid user_id) const {
  domain::UserPatch patch;
  patch.totp_secret = std::optional<std::string>{};
  co_await users_.update(tx, user_id, patch);
  co_await recovery_codes_.erase_all(tx, user_id);
}

asio::awaitable<bool> TwoFactor::check(const domain::User& user, const std::string& code) {
  if (!user.totp_secret || user.totp_secret->empty()) co_return false;
  auto& redis = deps_.redis.local();
  // Counted before the check, atomically, as logins are: parallel guesses cannot pass 5.
  const auto decision = co_await failures_.hit(redis, user.id.str());
  if (!decision.allowed) throw TooMany("Too many wrong two-factor codes", decision.retry_after);
  bool accepted = false;
  if (is_totp_code(code)) {
    accepted = co_await accept_totp(user.id, *user.totp_secret, code);
  } else if (code.size() <= 64) {
    const std::string digest = security::token_digest(normalize_recovery_code(code));
    accepted = co_await recovery_codes_.use(deps_.db.local(), user.id, digest);
  }
  if (accepted) co_await failures_.refund(redis, user.id.str());
  co_return accepted;
}

asio::awaitable<bool> TwoFactor::accept_totp(core::Uuid user_id, const std::string& secret,
                                             const std::string& code) {
  const auto step = security::totp_match(secret, code, unix_seconds());
  if (!step) co_return false;
  // Once per step and user, whatever the purpose: a code seen on the wire is worth nothing.
  redis::SetOptions options;
  options.ttl = std::chrono::milliseconds(kUsedStepLifetime);
  options.only_if_absent = true;
  std::string key = "tessera:2fa_used:" + user_id.str() + ":" + std::to_string(*step);
  co_return co_await deps_.redis.local().set(std::move(key), "1", options);
}

}  // namespace tessera::services
