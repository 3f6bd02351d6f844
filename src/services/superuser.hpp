#pragma once
// The bootstrap administrator: FIRST_SUPERUSER at start-up and `tessera users
// create-superuser`. Both connect once, outside any pool.

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "security/password_hasher.hpp"

namespace tessera::services {

enum class SuperuserOutcome {
  created,           // a new active superuser with a verified email
  promoted,          // an existing user was made an active superuser
  unchanged,         // it exists and is left as it is
  password_missing,  // it does not exist and no password was given
};

enum class ExistingUser { leave, promote };

// Creates the superuser `email` unless a user with that email exists; an existing one is
// promoted (and activated) or left alone as `existing` says. Throws what the database throws
// (unavailable, no users table before migrations).
SuperuserOutcome ensure_superuser(const db::ConnectOptions& connect,
                                  const security::PasswordHashParams& params, std::string email,
                                  std::optional<std::string> password, ExistingUser existing);

}  // namespace tessera::services
