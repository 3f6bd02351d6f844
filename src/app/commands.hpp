#pragma once
// What each command of the `tessera` binary does, once main.cpp has parsed its arguments.
// Each returns the process's exit status.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tessera::app {

int serve();
int secret();

struct WorkerArgs {
  unsigned concurrency = 0;         // 0: WORKER_CONCURRENCY
  std::vector<std::string> queues;  // empty: WORKER_QUEUES
};
int worker(const WorkerArgs& args);

// `tessera db VERB ...` (Alembic's verbs over MIGRATIONS_DIR).
struct DbArgs {
  enum class Verb { init, upgrade, downgrade, revision, current, history, heads, check };
  Verb verb = Verb::current;
  std::string dir;     // init: the folder (default MIGRATIONS_DIR)
  std::string target;  // upgrade, downgrade
  bool sql = false;    // upgrade, downgrade: print instead of running
  std::string message;
  bool autogenerate = false;
};
int db(const DbArgs& args);

int create_superuser(std::string email, bool password_stdin);

int inspect_tasks(const std::vector<std::string>& queues);

struct TaskCallArgs {
  std::string name;
  std::string args = "[]";    // JSON array
  std::string kwargs = "{}";  // JSON object
  std::string queue = "celery";
  std::optional<std::chrono::milliseconds> countdown;
  std::optional<std::chrono::milliseconds> expires;  // from now
  std::optional<int> max_retries;
};
int call_task(const TaskCallArgs& args);

// `url` empty: HTTP_HOST and HTTP_PORT's /healthz.
int healthcheck(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace tessera::app
