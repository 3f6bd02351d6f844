// The `tessera` command line: one binary for the API, the worker, migrations, user
// administration and task inspection.

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <malloc.h>
#include <sys/random.h>

#include "api/app.hpp"
#include "api/healthcheck.hpp"
#include "core/logging.hpp"
#include "core/settings.hpp"
#include "core/version.hpp"
#include "db/migrate_commands.hpp"
#include "mappers/tables.hpp"
#include "media/vips_runtime.hpp"
#include "queue/call_command.hpp"
#include "queue/inspect_command.hpp"
#include "queue/worker_command.hpp"
#include "schema/email.hpp"
#include "services/superuser.hpp"
#include "tasks/process_image.hpp"
#include "tasks/send_email.hpp"

namespace {

using namespace tessera;

int serve() {
  const core::Settings settings = api::load_settings_or_exit();
  core::init_logging(settings.log_level, settings.log_format);
  return api::serve(settings);
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

db::MigrationCommands migration_commands(const std::string& dir) {
  const core::Settings settings = api::load_settings_or_exit();
  return db::MigrationCommands{
      .connect = api::db_connect_options(settings),
      .dir = dir.empty() ? settings.migrations_dir : std::filesystem::path(dir),
      .declared = mappers::declared_schema};
}

// `tessera db ...`: Alembic's verbs over MIGRATIONS_DIR.
void add_db_commands(CLI::App& cli, int& status) {
  auto* db = cli.add_subcommand("db", "Database migrations (like Alembic)");
  db->require_subcommand(1);
  static std::string dir, upgrade_target, downgrade_target, message;
  static bool sql = false, autogenerate = false;

  auto* init = db->add_subcommand("init", "Create an empty migrations folder with its README");
  init->add_option("dir", dir, "The folder (default MIGRATIONS_DIR)");
  init->callback([&] {
    // Needs no database, so no settings: MIGRATIONS_DIR from the environment at most.
    const char* configured = std::getenv("MIGRATIONS_DIR");
    status = db::MigrationCommands{.dir = !dir.empty() ? dir
                                          : configured ? configured
                                                       : "migrations"}
                 .init();
  });

  auto* upgrade = db->add_subcommand("upgrade", "Apply migrations up to a revision");
  upgrade->add_option("target", upgrade_target, "head, +N or a revision id (FROM:TO with --sql)")
      ->default_val("head");
  upgrade->add_flag("--sql", sql, "Print the SQL instead of running it");
  upgrade->callback([&] { status = migration_commands("").upgrade(upgrade_target, sql); });

  auto* downgrade = db->add_subcommand("downgrade", "Revert migrations down to a revision");
  downgrade
      ->add_option("target", downgrade_target, "-N, base or a revision id (FROM:TO with --sql)")
      ->default_val("-1");
  downgrade->add_flag("--sql", sql, "Print the SQL instead of running it");
  downgrade->callback([&] { status = migration_commands("").downgrade(downgrade_target, sql); });

  auto* revision = db->add_subcommand("revision", "Write a new migration file");
  revision->add_option("-m,--message", message, "What the migration does")->required();
  revision->add_flag("--autogenerate", autogenerate,
                     "Fill it with the difference between the code and the database");
  revision->callback([&] { status = migration_commands("").revision(message, autogenerate); });

  db->add_subcommand("current", "The revision the database is at")->callback([&] {
    status = migration_commands("").current();
  });
  db->add_subcommand("history", "Every revision, newest first")->callback([&] {
    status = migration_commands("").history();
  });
  db->add_subcommand("heads", "The newest revisions")->callback([&] {
    status = migration_commands("").heads();
  });
}

// `tessera worker`: runs background tasks.
void add_worker_command(CLI::App& cli, int& status) {
  static unsigned concurrency = 0;
  static std::vector<std::string> queues;
  auto* worker = cli.add_subcommand("worker", "Run background tasks until SIGTERM/SIGINT");
  worker->add_option("-c,--concurrency", concurrency, "Tasks at once (default WORKER_CONCURRENCY)")
      ->check(CLI::Range(1u, 1024u));
  worker->add_option("-Q,--queues", queues, "Queues to consume (default WORKER_QUEUES)")
      ->delimiter(',');
  worker->callback([&] {
    const core::Settings settings = api::load_settings_or_exit();
    core::init_logging(settings.log_level, settings.log_format);
    queue::WorkerOptions options = queue::worker_options(settings);
    if (concurrency > 0) options.concurrency = concurrency;
    if (!queues.empty()) options.queues = queues;
    queue::TaskRegistry registry;
    queue::add_builtin_tasks(registry);
    tasks::add_send_email_task(
        registry, std::make_shared<const mail::SmtpClient>(mail::smtp_options(settings)));
    // One image at a time per lane, each on one libvips thread: the lanes fill the cores.
    media::init_vips(1);
    // glibc's per-thread arenas let a long-lived image worker creep from ~80 to ~110 MB;
    // two arenas keep it flat at no measurable cost (bench/images).
    ::mallopt(M_ARENA_MAX, 2);
    const auto images = tasks::add_process_image_task(
        registry, std::make_shared<const media::MediaStorage>(settings.media_root),
        tasks::ProcessImageConfig{.db = api::db_connect_options(settings),
                                  .pool = {.size = 2},
                                  .variants = settings.image_variants,
                                  .min_side = settings.image_min_side,
                                  .max_pixels = settings.image_max_pixels,
                                  .cpu_threads = options.concurrency});
    options.on_stopped = [images] { tasks::close(*images); };
    status = queue::run_worker(api::redis_client_options(settings), options, registry);
  });
}

// `tessera users create-superuser`: creates or promotes an administrator. The password comes
// from stdin (never from the command line, where `ps` shows it) or FIRST_SUPERUSER_PASSWORD.
void add_user_commands(CLI::App& cli, int& status) {
  auto* users = cli.add_subcommand("users", "User administration");
  users->require_subcommand(1);
  static std::string email;
  static bool password_stdin = false;
  auto* create = users->add_subcommand(
      "create-superuser", "Create a superuser, or make an existing user one (and active)");
  create->add_option("--email", email, "Its email (default FIRST_SUPERUSER)");
  create->add_flag("--password-stdin", password_stdin,
                   "Read the password of a new user from stdin's first line "
                   "(default FIRST_SUPERUSER_PASSWORD)");
  create->callback([&] {
    const core::Settings settings = api::load_settings_or_exit();
    const auto fail = [&](const char* message, int code) {
      std::fprintf(stderr, "tessera users: %s\n", message);
      status = code;
    };
    if (email.empty() && settings.first_superuser) email = *settings.first_superuser;
    email = domain::normalize_email(email);
    if (schema::email_problem(email))
      return fail("--email (or FIRST_SUPERUSER) must be an email", 2);
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
      switch (services::ensure_superuser(api::db_connect_options(settings),
                                         api::password_hash_params(settings), email,
                                         std::move(password), services::ExistingUser::promote)) {
        case services::SuperuserOutcome::created:
          std::printf("created superuser %s\n", email.c_str());
          break;
        case services::SuperuserOutcome::promoted:
          std::printf("made %s a superuser\n", email.c_str());
          break;
        case services::SuperuserOutcome::unchanged:
          std::printf("%s is a superuser already\n", email.c_str());
          break;
        case services::SuperuserOutcome::password_missing:
          return fail("no such user: give a password with --password-stdin to create it", 2);
      }
      status = 0;
    } catch (const std::exception& e) {
      fail(e.what(), 1);
    }
  });
}

// `tessera tasks ...`: the background task queue.
void add_task_commands(CLI::App& cli, int& status) {
  auto* tasks = cli.add_subcommand("tasks", "Background tasks");
  tasks->require_subcommand(1);
  static std::vector<std::string> queues;
  auto* inspect =
      tasks->add_subcommand("inspect", "Queue depths, workers, scheduled and dead-lettered tasks");
  inspect->add_option("--queues", queues, "Queues to report (default WORKER_QUEUES)")
      ->delimiter(',');
  inspect->callback([&] {
    const core::Settings settings = api::load_settings_or_exit();
    status = queue::inspect_tasks(api::redis_client_options(settings),
                                  queues.empty() ? settings.worker_queues : queues);
  });

  static std::string name, args = "[]", kwargs = "{}", queue_name = "celery";
  static double countdown = 0, expires = 0;
  static int max_retries = -1;
  auto* call = tasks->add_subcommand("call", "Send a task (like `celery call`); prints its id");
  call->add_option("name", name, "The task's name")->required();
  call->add_option("--args", args, "Positional arguments, a JSON array")->default_str("[]");
  call->add_option("--kwargs", kwargs, "Keyword arguments, a JSON object")->default_str("{}");
  call->add_option("-Q,--queue", queue_name, "The queue")->default_str("celery");
  call->add_option("--countdown", countdown, "Run no sooner than this many seconds from now")
      ->check(CLI::NonNegativeNumber);
  call->add_option("--expires", expires, "Discard if not started within this many seconds")
      ->check(CLI::PositiveNumber);
  call->add_option("--max-retries", max_retries, "Retries before it fails for good")
      ->check(CLI::Range(0, 1000));
  call->callback([&] {
    const core::Settings settings = api::load_settings_or_exit();
    queue::EnqueueOptions options;
    options.queue = queue_name;
    const auto ms = [](double seconds) {
      return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
    };
    if (countdown > 0) options.countdown = ms(countdown);
    if (expires > 0) options.expires = core::now() + std::chrono::microseconds(ms(expires));
    if (max_retries >= 0) options.max_retries = max_retries;
    status = queue::call_task(api::redis_client_options(settings), name, args, kwargs, options);
  });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Tessera: REST API with accounts, PostgreSQL, Redis and background tasks"};
  cli.require_subcommand(1);
  int status = 0;

  cli.add_subcommand("serve", "Run the HTTP API until SIGTERM/SIGINT")->callback([&] {
    status = serve();
  });
  cli.add_subcommand("version", "Print the version")->callback([] {
    std::printf("tessera %s\n", TESSERA_VERSION);
  });
  cli.add_subcommand("secret", "Print a new random key for JWT_SECRET_KEY (64 hex characters)")
      ->callback([&] { status = secret(); });

  static std::string health_url;
  static unsigned health_timeout_ms = 3000;
  auto* health = cli.add_subcommand(
      "healthcheck",
      "Exit 0 when this machine's API answers /healthz (for container health checks)");
  health->add_option("--url", health_url,
                     "What to ask (default: HTTP_HOST and HTTP_PORT's /healthz)");
  health->add_option("--timeout-ms", health_timeout_ms, "How long to wait")
      ->check(CLI::Range(1u, 600000u));
  health->callback([&] {
    const std::string url =
        health_url.empty() ? api::healthcheck_url(api::load_settings_or_exit()) : health_url;
    status = api::healthcheck(url, std::chrono::milliseconds(health_timeout_ms));
  });

  add_worker_command(cli, status);
  add_db_commands(cli, status);
  add_user_commands(cli, status);
  add_task_commands(cli, status);

  // "downgrade -1" reads like an option to CLI11: mark what follows "downgrade" as positional.
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "downgrade" && args[i + 1].size() > 1 && args[i + 1][0] == '-' &&
        std::isdigit(static_cast<unsigned char>(args[i + 1][1])))
      args.insert(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, "--");
  std::reverse(args.begin(), args.end());  // CLI11 takes the vector form reversed
  try {
    cli.parse(args);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  return status;
}
