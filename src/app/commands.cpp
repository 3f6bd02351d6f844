#include "app/commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <sys/random.h>

#include "app/admin.hpp"
#include "app/api_process.hpp"
#include "app/healthcheck.hpp"
#include "app/options.hpp"
#include "app/worker_process.hpp"
#include "core/logging.hpp"
#include "core/timestamp.hpp"
#include "db/migrate_commands.hpp"
#include "mappers/tables.hpp"
#include "queue/call_command.hpp"
#include "queue/inspect_command.hpp"

namespace tessera::app {

int serve() {
  const core::Settings settings = load_settings_or_exit();
  core::init_logging(settings.log_level, settings.log_format);
  return app::serve(settings);
}

int secret() {
  unsigned char key[32];
  if (::getrandom(key, sizeof key, 0) != static_cast<ssize_t>(sizeof key)) {
    std::fprintf(stderr, "tessera: the system's random source failed\n");
    return 1;
  }
  for (unsigned char byte : key) std::printf("%02x", byte);
  std::printf("\n");
  return 0;
}

int worker(const WorkerArgs& args) {
  const core::Settings settings = load_settings_or_exit();
  core::init_logging(settings.log_level, settings.log_format);
  queue::WorkerOptions options = worker_options(settings);
  if (args.concurrency > 0) options.concurrency = args.concurrency;
  if (!args.queues.empty()) options.queues = args.queues;
  WorkerProcess process(settings, std::move(options));
  return process.run_until_signal();
}

int db(const DbArgs& args) {
  using Verb = DbArgs::Verb;
  if (args.verb == Verb::init) {
    // Needs no database, so no settings: MIGRATIONS_DIR from the environment at most.
    const char* configured = std::getenv("MIGRATIONS_DIR");
    return db::MigrationCommands{.dir = !args.dir.empty() ? args.dir
                                        : configured      ? configured
                                                          : "migrations"}
        .init();
  }
  const core::Settings settings = load_settings_or_exit();
  const db::MigrationCommands commands{.connect = db_connect_options(settings),
                                       .dir = settings.migrations_dir,
                                       .declared = mappers::declared_schema};
  switch (args.verb) {
    case Verb::upgrade:
      return commands.upgrade(args.target, args.sql);
    case Verb::downgrade:
      return commands.downgrade(args.target, args.sql);
    case Verb::revision:
      return commands.revision(args.message, args.autogenerate);
    case Verb::current:
      return commands.current();
    case Verb::history:
      return commands.history();
    case Verb::heads:
      return commands.heads();
    case Verb::check:
      return commands.check();
    case Verb::init:
      break;
  }
  return 2;
}

int create_superuser(std::string email, bool password_stdin) {
  return app::create_superuser(load_settings_or_exit(), std::move(email), password_stdin);
}

int inspect_tasks(const std::vector<std::string>& queues) {
  const core::Settings settings = load_settings_or_exit();
  return queue::inspect_tasks(redis_client_options(settings),
                              queues.empty() ? settings.worker_queues : queues);
}

int call_task(const TaskCallArgs& args) {
  const core::Settings settings = load_settings_or_exit();
  queue::EnqueueOptions options;
  options.queue = args.queue;
  options.countdown = args.countdown;
  if (args.expires) options.expires = core::now() + std::chrono::microseconds(*args.expires);
  options.max_retries = args.max_retries;
  return queue::call_task(redis_client_options(settings), args.name, args.args, args.kwargs,
                          std::move(options));
}

int healthcheck(const std::string& url, std::chrono::milliseconds timeout) {
  return probe_health(url.empty() ? healthcheck_url(load_settings_or_exit()) : url, timeout);
}

}  // namespace tessera::app
