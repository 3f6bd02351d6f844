#include "services/users.hpp"

#include "core/email_address.hpp"
#include "db/errors.hpp"
#include "db/transaction.hpp"
#include "services/errors.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;

[[noreturn]] void email_taken() {
  throw Conflict("The email is already registered");
}

[[noreturn]] void no_such_user() {
  throw NotFound("User not found");
}

}  // namespace

Users::Users(UsersDeps deps) : deps_(deps) {}

asio::awaitable<domain::User> Users::get(core::Uuid id, const Principal& by) {
  if (id == by.user.id) co_return by.user;
  if (!by.user.is_superuser) no_such_user();
  auto user = co_await deps_.cache.find(id);
  if (!user) no_such_user();
  co_return std::move(*user);
}

asio::awaitable<domain::Page<domain::User>> Users::page(std::int64_t skip, std::int64_t limit) {
  // One snapshot: the count is that of the rows the page was taken from.
  auto tx = co_await deps_.db.local().begin(db::Isolation::repeatable_read);
  auto page = co_await users_.page(tx, skip, limit);
  co_await tx.commit();
  co_return page;
}

asio::awaitable<domain::User> Users::create(NewUser in) {
  std::string hash = co_await deps_.passwords.hash(std::move(in.password));
  domain::User user = domain::new_user(in.email, std::move(hash), std::move(in.full_name));
  user.is_active = in.is_active;
  user.is_superuser = in.is_superuser;
  user.email_verified = in.email_verified;
  auto tx = co_await deps_.db.local().begin();
  try {
    user = co_await users_.insert(tx, user);
  } catch (const db::ConflictError&) {
    email_taken();
  }
  if (!user.email_verified) co_await deps_.accounts.add_verification_email(tx, user);
  co_await tx.commit();
  deps_.outbox.committed();
  co_return user;
}

asio::awaitable<domain::User> Users::update_own(const Principal& by, UserChanges changes) {
  if (changes.email && core::normalize_email(*changes.email) != by.user.email)
    co_await deps_.accounts.count_verification_email(by.user.id);
  co_return co_await update(by.user.id, std::move(changes));
}

asio::awaitable<domain::User> Users::update(core::Uuid id, UserChanges changes) {
  if (changes.two_factor_enabled == true)
    throw Invalid("Two-factor authentication can only be turned on by its user");
  domain::UserPatch patch;
  patch.full_name = std::move(changes.full_name);
  patch.is_active = changes.is_active;
  patch.is_superuser = changes.is_superuser;
  // Hashed before the row is locked: the lock is held for the statements only.
  if (changes.password)
    patch.hashed_password = co_await deps_.passwords.hash(std::move(*changes.password));

  auto tx = co_await deps_.db.local().begin();
  const auto current = co_await users_.lock_by_id(tx, id);
  if (!current) no_such_user();
  const bool new_email = changes.email && core::normalize_email(*changes.email) != current->email;
  if (new_email) {
    patch.email = core::normalize_email(*changes.email);
    patch.email_verified = false;
  }
  std::optional<domain::User> user;
  try {
    user = co_await users_.update(tx, id, patch);
  } catch (const db::ConflictError&) {
    email_taken();
  }
  if (!user) no_such_user();
  if (changes.two_factor_enabled == false && current->two_factor_enabled()) {
    co_await deps_.two_factor.turn_off(tx, id);
    user->totp_secret.reset();
  }
  // The new address and its verification email: both, or neither.
  if (new_email) co_await deps_.accounts.add_verification_email(tx, *user);
  co_await tx.commit();
  deps_.outbox.committed();
  co_await deps_.cache.invalidate(id);
  if (changes.is_active == false || patch.hashed_password)
    co_await deps_.sessions.revoke_all(deps_.redis.local(), id);
  co_return std::move(*user);
}

asio::awaitable<void> Users::change_password(core::Uuid id, core::Uuid session, std::string current,
                                             std::string next) {
  const auto user = co_await users_.find_by_id(deps_.db.local(), id);
  if (!user) no_such_user();
  const bool verified = co_await deps_.passwords.verify(user->hashed_password, std::move(current));
  if (!verified) throw Invalid("Incorrect password");
  domain::UserPatch patch;
  patch.hashed_password = co_await deps_.passwords.hash(std::move(next));
  const auto changed = co_await users_.update(deps_.db.local(), id, patch);
  if (!changed) no_such_user();
  co_await deps_.cache.invalidate(id);
  co_await deps_.sessions.revoke_all(deps_.redis.local(), id, session);
}

asio::awaitable<void> Users::erase(core::Uuid id, const Principal& by) {
  if (id == by.user.id && by.user.is_superuser)
    throw Forbidden("Superusers are not allowed to delete themselves");
  auto tx = co_await deps_.db.local().begin();
  // Locked first: an upload's insert for this user waits, then finds it gone, so no image
  // row (nor its file) outlives the user.
  const auto locked = co_await users_.lock_by_id(tx, id);
  if (!locked) no_such_user();
  const auto images = co_await deps_.images.erase_all_of(tx, id);
  co_await users_.erase(tx, id);
  co_await tx.commit();
  co_await deps_.images.remove_files(images);
  co_await deps_.sessions.revoke_all(deps_.redis.local(), id);
  co_await deps_.cache.invalidate(id);
}

}  // namespace tessera::services
