#include "services/users.hpp"

#include "db/errors.hpp"
#include "services/errors.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;

[[noreturn]] void email_taken() {
  throw Conflict("The email is already registered");
}

}  // namespace

Users::Users(UsersDeps deps) : deps_(deps) {}

asio::awaitable<domain::User> Users::load(core::Uuid id) {
  auto user = co_await users_.find_by_id(deps_.db.local(), id);
  if (!user) throw NotFound("User not found");
  co_return std::move(*user);
}

asio::awaitable<domain::User> Users::store(const domain::User& user) {
  std::optional<domain::User> stored;
  try {
    stored = co_await users_.update(deps_.db.local(), user);
  } catch (const db::ConflictError&) {
    email_taken();
  }
  co_await deps_.cache.invalidate(user.id);
  if (!stored) throw NotFound("User not found");
  co_return std::move(*stored);
}

asio::awaitable<domain::User> Users::get(core::Uuid id, const Principal& by) {
  if (id == by.user.id) co_return by.user;
  if (!by.user.is_superuser) throw NotFound("User not found");
  auto user = co_await deps_.cache.find(id);
  if (!user) throw NotFound("User not found");
  co_return std::move(*user);
}

asio::awaitable<domain::Page<domain::User>> Users::page(std::int64_t skip, std::int64_t limit) {
  co_return co_await users_.page(deps_.db.local(), skip, limit);
}

asio::awaitable<domain::User> Users::create(NewUser in) {
  std::string hash = co_await deps_.passwords.hash(std::move(in.password));
  domain::User user = domain::new_user(in.email, std::move(hash), std::move(in.full_name));
  user.is_active = in.is_active;
  user.is_superuser = in.is_superuser;
  user.email_verified = in.email_verified;
  try {
    user = co_await users_.insert(deps_.db.local(), user);
  } catch (const db::ConflictError&) {
    email_taken();
  }
  if (!user.email_verified) co_await deps_.accounts.send_verification_email(user);
  co_return user;
}

asio::awaitable<domain::User> Users::update(core::Uuid id, UserChanges changes) {
  domain::User user = co_await load(id);
  bool new_email = false;
  if (changes.email && domain::normalize_email(*changes.email) != user.email) {
    user.email = domain::normalize_email(*changes.email);
    user.email_verified = false;
    new_email = true;
  }
  if (changes.full_name) user.full_name = std::move(changes.full_name);
  if (changes.is_superuser) user.is_superuser = *changes.is_superuser;
  const bool deactivated = changes.is_active && !*changes.is_active && user.is_active;
  if (changes.is_active) user.is_active = *changes.is_active;
  if (changes.password)
    user.hashed_password = co_await deps_.passwords.hash(std::move(*changes.password));
  user = co_await store(user);
  if (deactivated || changes.password) co_await deps_.sessions.revoke_all(deps_.redis.local(), id);
  if (new_email) co_await deps_.accounts.send_verification_email(user);
  co_return user;
}

asio::awaitable<void> Users::change_password(core::Uuid id, core::Uuid session, std::string current,
                                             std::string next) {
  domain::User user = co_await load(id);
  const bool verified = co_await deps_.passwords.verify(user.hashed_password, std::move(current));
  if (!verified) throw Invalid("Incorrect password");
  user.hashed_password = co_await deps_.passwords.hash(std::move(next));
  co_await store(user);
  co_await deps_.sessions.revoke_all(deps_.redis.local(), id, session);
}

asio::awaitable<void> Users::erase(core::Uuid id, const Principal& by) {
  if (id == by.user.id && by.user.is_superuser)
    throw Forbidden("Superusers are not allowed to delete themselves");
  co_await deps_.images.erase_all_of(id);
  const bool erased = co_await users_.erase(deps_.db.local(), id);
  if (!erased) throw NotFound("User not found");
  co_await deps_.sessions.revoke_all(deps_.redis.local(), id);
  co_await deps_.cache.invalidate(id);
}

}  // namespace tessera::services
