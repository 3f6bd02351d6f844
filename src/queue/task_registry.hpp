#pragma once
// Task names and the code that runs them. A handler is either a coroutine, run on the
// worker's I/O thread (for tasks that mostly wait: SMTP, PostgreSQL, Redis), or a plain
// function run on the worker's CPU thread pool (for tasks that compute: image resizing), so
// that a long computation never delays heartbeats or other tasks' I/O.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/uuid.hpp"

namespace tessera::redis {
class Client;
}

namespace tessera::queue {

// What a handler knows about the task it runs.
struct TaskContext {
  core::Uuid id;
  std::string name;
  boost::json::array args;
  boost::json::object kwargs;
  int retries = 0;  // runs before this one (0 the first time)
  std::string queue;
  // Requested when the time limit passes or the worker hands the task back at shutdown: a
  // long blocking handler checks it between steps and throws when it is set. (Coroutine
  // handlers are cancelled at their next co_await instead.)
  std::stop_token stop;
};

// A failure that running the task again cannot fix (bad arguments, a row that is gone):
// the task fails at once, without retries. Any other exception is retried.
class PermanentTaskError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a handler throws when it stops because its stop token was set by the soft time
// limit (Celery's SoftTimeLimitExceeded); the task fails without retries.
class SoftTimeLimitExceeded : public std::runtime_error {
 public:
  SoftTimeLimitExceeded() : std::runtime_error("soft time limit exceeded") {}
};

// Why a task failed for good (no retry follows), for its on_failure hook.
enum class FailureCause {
  error,        // its handler threw: permanently, or once more after its last retry
  time_limit,   // it ran past its hard time limit and was cancelled
  interrupted,  // its worker stopped while running it TASK_MAX_DELIVERIES times
};

struct TaskFailure {
  const TaskContext& task;
  FailureCause cause;
  std::string error_type;  // as stored in the result: "TimeLimitExceeded", "RuntimeError", ...
  std::string detail;      // the raw message: for the log, never for the user
};

// Runs once when a task fails for good, after its failure is stored (Celery's
// Task.on_failure): it gives the task's own records their final state. An exception it
// throws is logged; the failure stays stored.
using FailureHandler = std::function<boost::asio::awaitable<void>(const TaskFailure&)>;

// Runs after each state the task's result record takes (STARTED, RETRY, SUCCESS,
// FAILURE), with the worker's client: to tell others (live events). What it throws is
// logged; the state stays stored.
using StateHandler =
    std::function<boost::asio::awaitable<void>(redis::Client&, const core::Uuid& task_id)>;

// Per-task defaults; unset ones come from the worker's settings. A message's own options
// (Tessera's x_tessera_* headers, Celery's timelimit) win over both.
struct TaskOptions {
  std::optional<int> max_retries;
  std::optional<std::chrono::milliseconds> retry_backoff;
  std::optional<std::chrono::milliseconds> retry_backoff_max;
  std::optional<std::chrono::milliseconds> time_limit;
  FailureHandler on_failure;  // none by default
  StateHandler on_state;      // none by default
};

using AsyncTaskHandler = std::function<boost::asio::awaitable<boost::json::value>(TaskContext&)>;
using BlockingTaskHandler = std::function<boost::json::value(const TaskContext&)>;

struct TaskDefinition {
  std::string name;
  AsyncTaskHandler async;        // exactly one of the two is set
  BlockingTaskHandler blocking;  //
  TaskOptions options;
};

class TaskRegistry {
 public:
  // Throws std::invalid_argument for an empty name or one already registered.
  void add(std::string name, AsyncTaskHandler handler, TaskOptions options = {});
  void add_blocking(std::string name, BlockingTaskHandler handler, TaskOptions options = {});

  // Null for a name nobody registered.
  const TaskDefinition* find(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  void insert(TaskDefinition definition);

  std::map<std::string, TaskDefinition, std::less<>> tasks_;
};

// "tessera.echo": returns its positional arguments (or {"args", "kwargs"} when it also has
// keyword arguments), so that tests and Celery clients can check the wiring.
void add_builtin_tasks(TaskRegistry& registry);

}  // namespace tessera::queue
