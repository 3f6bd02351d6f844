#pragma once
// Users: the current user's own profile, password and account, and superuser
// administration (API.md's Users table). Every change invalidates the user's cached entry;
// a password change, a deactivation or a deletion revokes sessions.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "core/uuid.hpp"
#include "db/thread_pools.hpp"
#include "domain/page.hpp"
#include "domain/user.hpp"
#include "mappers/user_mapper.hpp"
#include "redis/thread_clients.hpp"
#include "security/password_hasher.hpp"
#include "services/accounts.hpp"
#include "services/authenticator.hpp"
#include "services/images.hpp"
#include "services/session_store.hpp"
#include "services/user_cache.hpp"

namespace tessera::services {

struct NewUser {
  std::string email;
  std::string password;
  std::optional<std::string> full_name;
  bool is_active = true;
  bool is_superuser = false;
  bool email_verified = false;
};

// Unset fields stay as they are.
struct UserChanges {
  std::optional<std::string> email;
  std::optional<std::string> password;
  std::optional<std::string> full_name;
  std::optional<bool> is_active;
  std::optional<bool> is_superuser;
  std::optional<bool> two_factor_enabled;  // only false: only its user turns it on
};

struct UsersDeps {
  db::ThreadPools& db;
  redis::ThreadClients& redis;
  const security::PasswordHasher& passwords;
  const SessionStore& sessions;
  UserCache& cache;
  Accounts& accounts;  // verification emails after an email change
  Images& images;      // a deleted user's images and files go with it
  const TaskOutbox& outbox;
  TwoFactor& two_factor;  // a superuser turns it off for a user who lost the device
};

class Users {
 public:
  explicit Users(UsersDeps deps);

  // NotFound when there is no such user, or when `by` is neither that user nor a superuser
  // (another user's account is "not found", never "forbidden").
  boost::asio::awaitable<domain::User> get(core::Uuid id, const Principal& by);
  boost::asio::awaitable<domain::Page<domain::User>> page(std::int64_t skip, std::int64_t limit);
  // 409 when the email is taken.
  boost::asio::awaitable<domain::User> create(NewUser user);
  // 404, 409. A new email is unverified and gets a verification email; deactivating
  // revokes every session, as does setting a password. two_factor_enabled true is a 400.
  boost::asio::awaitable<domain::User> update(core::Uuid id, UserChanges changes);
  // The user's own change (PATCH /users/me): a new email also counts against the
  // verification emails' limit (429 past it), since each sends one.
  boost::asio::awaitable<domain::User> update_own(const Principal& by, UserChanges changes);
  // 400 when `current` is wrong. The user's other sessions are revoked.
  boost::asio::awaitable<void> change_password(core::Uuid id, core::Uuid session,
                                               std::string current, std::string next);
  // NotFound; Forbidden when a superuser deletes itself (the last administrator must not
  // lock everyone out). The user's rows and its images' rows go in one transaction, their
  // files after the commit; its sessions are revoked.
  boost::asio::awaitable<void> erase(core::Uuid id, const Principal& by);

 private:
  UsersDeps deps_;
  mappers::UserMapper users_;
};

}  // namespace tessera::services
