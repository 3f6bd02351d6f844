// The `tessera` command line: parses the commands and their options, and hands each to
// app/commands.hpp. Nothing else happens here.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "core/version.hpp"

namespace {

using namespace tessera;
using std::chrono::milliseconds;

milliseconds from_seconds(double seconds) {
  return milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

// `tessera db ...`: Alembic's verbs over MIGRATIONS_DIR.
void add_db_commands(CLI::App& cli, int& status) {
  auto* db = cli.add_subcommand("db", "Database migrations (like Alembic)");
  db->require_subcommand(1);
  static app::DbArgs args;
  static std::string upgrade_target, downgrade_target;  // each with its own default
  using Verb = app::DbArgs::Verb;
  const auto run = [&status](Verb verb) {
    return [&status, verb] {
      args.verb = verb;
      if (verb == Verb::upgrade) args.target = upgrade_target;
      if (verb == Verb::downgrade) args.target = downgrade_target;
      status = app::db(args);
    };
  };

  auto* init = db->add_subcommand("init", "Create an empty migrations folder with its README");
  init->add_option("dir", args.dir, "The folder (default MIGRATIONS_DIR)");
  init->callback(run(Verb::init));

  auto* upgrade = db->add_subcommand("upgrade", "Apply migrations up to a revision");
  upgrade->add_option("target", upgrade_target, "head, +N or a revision id (FROM:TO with --sql)")
      ->default_val("head");
  upgrade->add_flag("--sql", args.sql, "Print the SQL instead of running it");
  upgrade->callback(run(Verb::upgrade));

  auto* downgrade = db->add_subcommand("downgrade", "Revert migrations down to a revision");
  downgrade
      ->add_option("target", downgrade_target, "-N, base or a revision id (FROM:TO with --sql)")
      ->default_val("-1");
  downgrade->add_flag("--sql", args.sql, "Print the SQL instead of running it");
  downgrade->callback(run(Verb::downgrade));

  auto* revision = db->add_subcommand("revision", "Write a new migration file");
  revision->add_option("-m,--message", args.message, "What the migration does")->required();
  revision->add_flag("--autogenerate", args.autogenerate,
                     "Fill it with the difference between the code and the database");
  revision->callback(run(Verb::revision));

  db->add_subcommand("current", "The revision the database is at")->callback(run(Verb::current));
  db->add_subcommand("history", "Every revision, newest first")->callback(run(Verb::history));
  db->add_subcommand("heads", "The newest revisions")->callback(run(Verb::heads));
  db->add_subcommand("check",
                     "Exit 1 with the differences when the code's tables and the migrations "
                     "disagree (like `alembic check`)")
      ->callback(run(Verb::check));
}

void add_worker_command(CLI::App& cli, int& status) {
  static app::WorkerArgs args;
  auto* worker = cli.add_subcommand("worker", "Run background tasks until SIGTERM/SIGINT");
  worker
      ->add_option("-c,--concurrency", args.concurrency,
                   "Tasks at once (default WORKER_CONCURRENCY)")
      ->check(CLI::Range(1u, 1024u));
  worker->add_option("-Q,--queues", args.queues, "Queues to consume (default WORKER_QUEUES)")
      ->delimiter(',');
  worker->callback([&status] { status = app::worker(args); });
}

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
  create->callback([&status] { status = app::create_superuser(email, password_stdin); });
}

void add_task_commands(CLI::App& cli, int& status) {
  auto* tasks = cli.add_subcommand("tasks", "Background tasks");
  tasks->require_subcommand(1);
  static std::vector<std::string> queues;
  auto* inspect =
      tasks->add_subcommand("inspect", "Queue depths, workers, scheduled and dead-lettered tasks");
  inspect->add_option("--queues", queues, "Queues to report (default WORKER_QUEUES)")
      ->delimiter(',');
  inspect->callback([&status] { status = app::inspect_tasks(queues); });

  static app::TaskCallArgs args;
  static double countdown = 0, expires = 0;
  static int max_retries = -1;
  auto* call = tasks->add_subcommand("call", "Send a task (like `celery call`); prints its id");
  call->add_option("name", args.name, "The task's name")->required();
  call->add_option("--args", args.args, "Positional arguments, a JSON array")->default_str("[]");
  call->add_option("--kwargs", args.kwargs, "Keyword arguments, a JSON object")->default_str("{}");
  call->add_option("-Q,--queue", args.queue, "The queue")->default_str("celery");
  call->add_option("--countdown", countdown, "Run no sooner than this many seconds from now")
      ->check(CLI::NonNegativeNumber);
  call->add_option("--expires", expires, "Discard if not started within this many seconds")
      ->check(CLI::PositiveNumber);
  call->add_option("--max-retries", max_retries, "Retries before it fails for good")
      ->check(CLI::Range(0, 1000));
  call->callback([&status] {
    if (countdown > 0) args.countdown = from_seconds(countdown);
    if (expires > 0) args.expires = from_seconds(expires);
    if (max_retries >= 0) args.max_retries = max_retries;
    status = app::call_task(args);
  });
}

void add_healthcheck_command(CLI::App& cli, int& status) {
  static std::string url;
  static unsigned timeout_ms = 3000;
  auto* health = cli.add_subcommand(
      "healthcheck",
      "Exit 0 when this machine's API answers /healthz (for container health checks)");
  health->add_option("--url", url, "What to ask (default: HTTP_HOST and HTTP_PORT's /healthz)");
  health->add_option("--timeout-ms", timeout_ms, "How long to wait")
      ->check(CLI::Range(1u, 600000u));
  health->callback([&status] { status = app::healthcheck(url, milliseconds(timeout_ms)); });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Tessera: REST API with accounts, PostgreSQL, Redis and background tasks"};
  cli.require_subcommand(1);
  int status = 0;

  cli.add_subcommand("serve", "Run the HTTP API until SIGTERM/SIGINT")->callback([&] {
    status = app::serve();
  });
  cli.add_subcommand("version", "Print the version")->callback([] {
    std::printf("tessera %s\n", TESSERA_VERSION);
  });
  cli.add_subcommand("secret", "Print a new random key for JWT_SECRET_KEY (64 hex characters)")
      ->callback([&] { status = app::secret(); });
  add_healthcheck_command(cli, status);
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
