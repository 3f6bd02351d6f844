#pragma once
// The bootstrap administrator: FIRST_SUPERUSER at start-up and `tessera users
// create-superuser`. A promotion invalidates the user's cached profile, so that a running
// API sees the new role at its next request.

#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "db/thread_pools.hpp"
#include "security/password_hasher.hpp"
#include "services/user_cache.hpp"

namespace tessera::services {

enum class SuperuserOutcome {
  created,           // a new active superuser with a verified email
  promoted,          // an existing user was made an active superuser
  unchanged,         // it exists and is left as it is
  password_missing,  // it does not exist and no password was given
};

enum class ExistingUser { leave, promote };

struct SuperuserResult {
  SuperuserOutcome outcome = SuperuserOutcome::unchanged;
  // A promotion whose cached profile could not be invalidated (Redis down): running APIs
  // see the new role when the entry expires.
  bool cache_stale = false;
};

struct SuperuserDeps {
  db::ThreadPools& db;
  const security::PasswordHasher& passwords;
  UserCache& cache;
};

// Creates the superuser `email` unless a user with that email exists; an existing one is
// promoted (and activated) or left alone as `existing` says. Throws what the database throws
// (unavailable, no users table before migrations).
boost::asio::awaitable<SuperuserResult> ensure_superuser(SuperuserDeps deps, std::string email,
                                                         std::optional<std::string> password,
                                                         ExistingUser existing);

}  // namespace tessera::services
