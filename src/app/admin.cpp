#include "app/admin.hpp"

#include <cstdio>
#include <exception>
#include <iostream>

#include "app/options.hpp"
#include "core/cpu_pool.hpp"
#include "core/email_address.hpp"
#include "core/logging.hpp"
#include "core/run_to_completion.hpp"
#include "db/thread_pools.hpp"
#include "redis/thread_clients.hpp"
#include "schema/email.hpp"
#include "services/superuser.hpp"

namespace tessera::app {
namespace {

namespace asio = boost::asio;
using services::ExistingUser;
using services::SuperuserOutcome;
using services::SuperuserResult;

SuperuserResult ensure_superuser(const core::Settings& settings, const std::string& email,
                                 const std::optional<std::string>& password,
                                 ExistingUser existing) {
  db::ThreadPools db(db_connect_options(settings), {.size = 1});
  redis::ThreadClients redis(redis_client_options(settings));
  core::CpuPool cpu(1);
  const security::PasswordHasher passwords(cpu, password_hash_params(settings));
  services::UserCache cache(db, redis);
  return core::run_to_completion(
      [&](asio::any_io_executor executor) -> asio::awaitable<SuperuserResult> {
        db.start_thread(executor);
        redis.start_thread(executor);
        std::exception_ptr failure;
        SuperuserResult outcome;
        const services::SuperuserDeps deps{db, passwords, cache};
        try {
          outcome = co_await services::ensure_superuser(deps, email, password, existing);
        } catch (...) {
          failure = std::current_exception();
        }
        redis.local().close();  // an open connection would keep the io_context running
        redis.stop_thread();
        db.stop_thread();
        if (failure) std::rethrow_exception(failure);
        co_return outcome;
      });
}

}  // namespace

int create_superuser(const core::Settings& settings, std::string email, bool password_stdin) {
  const auto fail = [](const char* message, int code) {
    std::fprintf(stderr, "tessera users: %s\n", message);
    return code;
  };
  if (email.empty() && settings.first_superuser) email = *settings.first_superuser;
  email = core::normalize_email(email);
  if (schema::email_problem(email)) return fail("--email (or FIRST_SUPERUSER) must be an email", 2);
  std::optional<std::string> password;
  if (password_stdin) {
    password.emplace();
    std::getline(std::cin, *password);
  } else if (settings.first_superuser_password) {
    password = settings.first_superuser_password->value();
  }
  if (password && (password->size() < 8 || password->size() > 128))
    return fail("the password must have 8 to 128 characters", 2);
  try {
    const auto result = ensure_superuser(settings, email, password, ExistingUser::promote);
    switch (result.outcome) {
      case SuperuserOutcome::created:
        std::printf("created superuser %s\n", email.c_str());
        return 0;
      case SuperuserOutcome::promoted:
        std::printf("made %s a superuser\n", email.c_str());
        if (result.cache_stale)
          std::fprintf(stderr,
                       "tessera users: Redis is unavailable, so a running API may show the old "
                       "role until its cached profile expires (5 minutes)\n");
        return 0;
      case SuperuserOutcome::unchanged:
        std::printf("%s is a superuser already\n", email.c_str());
        return 0;
      case SuperuserOutcome::password_missing:
        return fail("no such user: give a password with --password-stdin to create it", 2);
    }
  } catch (const std::exception& e) {
    return fail(e.what(), 1);
  }
  return 1;
}

void bootstrap_superuser(const core::Settings& settings) {
  if (!settings.first_superuser || !settings.first_superuser_password) return;
  try {
    const auto result =
        ensure_superuser(settings, *settings.first_superuser,
                         settings.first_superuser_password->value(), ExistingUser::leave);
    if (result.outcome == SuperuserOutcome::created)
      core::log_info("created the first superuser", {{"email", *settings.first_superuser}});
  } catch (const std::exception& e) {
    core::log_error("could not create FIRST_SUPERUSER", {{"error", e.what()}});
  }
}

}  // namespace tessera::app
