#pragma once
// User administration from the command line and at start-up: the same use cases the API
// runs (services/superuser.hpp), on a private io_context with one PostgreSQL pool and one
// Redis client, so that a change made here reaches a running API's cache too.

#include <optional>
#include <string>

#include "core/settings.hpp"

namespace tessera::app {

// `tessera users create-superuser --email E [--password-stdin]`: the exit status (0 done,
// 1 the database failed, 2 bad input). The password comes from stdin's first line or
// FIRST_SUPERUSER_PASSWORD, never from the command line (where `ps` shows it).
int create_superuser(const core::Settings& settings, std::string email, bool password_stdin);

// Creates FIRST_SUPERUSER when it and its password are set and no such user exists; a
// failure is logged, not fatal (the next start, or the command, tries again).
void bootstrap_superuser(const core::Settings& settings);

}  // namespace tessera::app
