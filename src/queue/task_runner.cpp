#include "queue/task_runner.hpp"

#include <cstdlib>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <unistd.h>

#include "core/errors.hpp"
#include "core/host.hpp"
#include "core/logging.hpp"
#include "queue/backoff.hpp"
#include "queue/task_args.hpp"
#include "queue/task_stats.hpp"
#include "redis/client.hpp"
#include "redis/script.hpp"

namespace tessera::queue {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::milliseconds;

// INCR with the key's lifetime renewed: a count outlives any queue wait but not forever.
const redis::Script count_delivery_script(R"(
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return n)");
constexpr std::chrono::seconds kRememberDeliveries{7 * 24 * 3600};

// Runs the task's failure hook; what it throws is logged, never propagated: the failure is
// already stored, and the sweep of unfinished records repairs what the hook could not.
asio::awaitable<void> run_failure_hook(const TaskDefinition& definition, TaskFailure failure) {
  if (!definition.options.on_failure) co_return;
  std::string error;
  try {
    co_await definition.options.on_failure(failure);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!error.empty())
    core::log_error(
        "a task's failure hook failed",
        {{"task", failure.task.name}, {"task_id", failure.task.id.str()}, {"error", error}});
}

// Runs the task's state hook; what it throws is logged, never propagated.
asio::awaitable<void> run_state_hook(const TaskDefinition& definition, redis::Client& client,
                                     const core::Uuid& task_id) {
  if (!definition.options.on_state) co_return;
  std::string error;
  try {
    co_await definition.options.on_state(client, task_id);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!error.empty())
    core::log_warning("a task's state hook failed",
                      {{"task", definition.name}, {"task_id", task_id.str()}, {"error", error}});
}

struct Failure {
  TaskError error;
  bool permanent = false;
};

// How Python clients will see the exception (Celery rebuilds it from type and module).
Failure describe_failure(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const InvalidTaskArguments& e) {
    return {{"TypeError", e.what(), "builtins"}, true};  // what Python raises for a bad call
  } catch (const PermanentTaskError& e) {
    return {{"PermanentTaskError", e.what(), "tessera"}, true};
  } catch (const SoftTimeLimitExceeded& e) {
    return {{"SoftTimeLimitExceeded", e.what(), "celery.exceptions"}, true};
  } catch (const core::UnavailableError& e) {
    return {{"ConnectionError", e.what(), "builtins"}, false};
  } catch (const std::exception& e) {
    return {{"RuntimeError", e.what(), "builtins"}, false};
  } catch (...) {
    return {{"RuntimeError", "unknown exception", "builtins"}, false};
  }
}

std::string seconds_text(milliseconds delay) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3gs", static_cast<double>(delay.count()) / 1000.0);
  return text;
}

// STARTED is sent without waiting for it: the result store never lets it replace a
// finished record, so the order of the two writes does not matter.
// Every record of a run carries its retry count and the task's name, as Celery's extended
// results do: the API's task status shows them (to a superuser, for any task).
TaskResult extended(TaskResult result, const TaskMessage& message) {
  result.retries = message.retries;
  result.name = message.name;
  return result;
}

asio::awaitable<void> record_started(const ResultStore& results, redis::Client& client,
                                     TaskMessage message, const TaskDefinition& definition) {
  try {
    co_await results.store(
        client,
        extended(started_result(message.id, core::host_name(), static_cast<long>(::getpid())),
                 message),
        std::nullopt);
  } catch (const std::exception& e) {
    core::log_debug("could not record STARTED",
                    {{"task_id", message.id.str()}, {"error", e.what()}});
    co_return;
  }
  co_await run_state_hook(definition, client, message.id);
}

const char* outcome_name(TaskOutcome outcome) {
  return outcome == TaskOutcome::succeeded ? "succeeded"
         : outcome == TaskOutcome::retried ? "retried"
                                           : "failed";
}

template <class T>
T value_or(const std::optional<T>& from_message, const std::optional<T>& from_task, T fallback) {
  return from_message ? *from_message : from_task ? *from_task : fallback;
}

}  // namespace

RunningTask::RunningTask(asio::any_io_executor executor)
    : done_(std::move(executor), asio::steady_timer::time_point::max()) {}

void RunningTask::abandon() {
  abandoned_ = true;
  stop_.request_stop();
  if (!finished_) cancel_.emit(asio::cancellation_type::terminal);
  done_.cancel();
}

void RunningTask::complete(json::value value, std::exception_ptr error) {
  if (finished_) return;
  finished_ = true;
  value_ = std::move(value);
  error_ = error;
  done_.cancel();
}

TaskRunner::TaskRunner(const TaskRegistry& registry, const Consumer& consumer, Broker broker,
                       ResultStore results, TaskDefaults defaults, asio::any_io_executor cpu)
    : registry_(registry),
      consumer_(consumer),
      broker_(std::move(broker)),
      results_(std::move(results)),
      defaults_(defaults),
      cpu_(std::move(cpu)) {}

asio::awaitable<TaskOutcome> TaskRunner::run(redis::Client& client, Delivery delivery,
                                             std::shared_ptr<RunningTask> task) const {
  TaskMessage message;
  std::string undecodable;
  try {
    message = decode_message(delivery.envelope);
  } catch (const MessageError& e) {
    undecodable = e.what();
  }
  if (!undecodable.empty()) {
    core::log_error("task rejected: the message does not decode",
                    {{"queue", delivery.queue}, {"error", undecodable}});
    co_await broker_.dead_letter_raw(client, delivery.envelope,
                                     "undecodable message: " + undecodable);
    co_await consumer_.ack(client, delivery);
    co_return TaskOutcome::rejected;
  }
  const Acknowledgement ack{consumer_.keys().processing_key(consumer_.self().id, delivery.queue),
                            delivery.envelope};
  const auto now = core::now();
  if (message.eta && *message.eta > now) {
    // Celery clients queue ETA tasks at once; they wait in the scheduled set, never in a
    // worker's memory past a visibility timeout (kombu#337).
    co_await broker_.send(client, message);
    co_await consumer_.ack(client, delivery);
    co_return TaskOutcome::rescheduled;
  }
  if (message.expires && *message.expires <= now) {
    core::log_warning("task expired, not run",
                      {{"task", message.name}, {"task_id", message.id.str()}});
    TaskError expired{"TaskRevokedError", "expired", "celery.exceptions"};
    co_await results_.mark_failure(client, message.id, std::move(expired), std::string(),
                                   final_ack(ack, message.id));
    co_return TaskOutcome::expired;
  }
  const TaskDefinition* definition = registry_.find(message.name);
  if (!definition) {
    core::log_error("unregistered task", {{"task", message.name}, {"task_id", message.id.str()}});
    co_await broker_.dead_letter(client, message, "unregistered task " + message.name);
    TaskError unknown{"NotRegistered", message.name, "celery.exceptions"};
    co_await results_.mark_failure(client, message.id, std::move(unknown), std::string(),
                                   final_ack(ack, message.id));
    co_return TaskOutcome::failed;
  }

  task->context_ =
      TaskContext{message.id,      message.name,   message.args,           message.kwargs,
                  message.retries, delivery.queue, task->stop_.get_token()};
  // Counted before the run: a worker that dies during it leaves the count behind.
  const std::optional<Passed> passed = co_await pass_gate(client, message.id, *task);
  if (!passed) co_return TaskOutcome::abandoned;
  // Leaves the gate however the run ends (the outcome's bookkeeping may throw).
  struct GateExit {
    RunGate* gate;
    bool alone;
    ~GateExit() {
      if (gate) gate->leave(alone);
    }
  } gate_exit{gate_, passed->alone};
  if (passed->deliveries > defaults_.max_deliveries)
    co_return co_await give_up(client, message, *definition, ack, task->context_,
                               passed->deliveries);
  const auto executor = co_await asio::this_coro::executor;
  asio::co_spawn(executor, record_started(results_, client, message, *definition), asio::detached);
  const milliseconds limit =
      value_or(message.time_limit, definition->options.time_limit, defaults_.time_limit);
  const auto started = std::chrono::steady_clock::now();
  co_await execute(*definition, limit, message.soft_time_limit, task);
  if (task->abandoned_) co_return TaskOutcome::abandoned;
  const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  const TaskOutcome outcome = co_await settle(client, message, *definition, ack, *task, limit);
  if (outcome == TaskOutcome::succeeded)
    core::log_info(
        "task succeeded",
        {{"task", message.name}, {"task_id", message.id.str()}, {"seconds", took.count()}});
  if (stats_) stats_->add(message.name, outcome_name(outcome), took.count());
  co_return outcome;
}

asio::awaitable<TaskOutcome> TaskRunner::settle(redis::Client& client, const TaskMessage& message,
                                                const TaskDefinition& definition,
                                                const Acknowledgement& ack, RunningTask& task,
                                                milliseconds limit) const {
  if (!task.finished_) {
    task.stop_.request_stop();
    task.cancel_.emit(asio::cancellation_type::terminal);
    TaskError timed_out{"TimeLimitExceeded", seconds_text(limit), "billiard.exceptions"};
    co_return co_await fail(client, message, definition, ack, task.context_, std::move(timed_out),
                            true, FailureCause::time_limit);
  }
  if (task.error_) {
    Failure failure = describe_failure(task.error_);
    if (task.soft_limit_passed_ && failure.error.type != "SoftTimeLimitExceeded") {
      // The handler stopped because it was asked to: say why, as Celery does.
      failure.error = {"SoftTimeLimitExceeded", failure.error.message, "celery.exceptions"};
      failure.permanent = true;
    }
    co_return co_await fail(client, message, definition, ack, task.context_, failure.error,
                            failure.permanent, FailureCause::error);
  }
  co_await results_.store(
      client, extended(success_result(message.id, std::move(task.value_), core::now()), message),
      final_ack(ack, message.id));
  co_await run_state_hook(definition, client, message.id);
  co_return TaskOutcome::succeeded;
}

asio::awaitable<void> TaskRunner::execute(const TaskDefinition& definition, milliseconds limit,
                                          std::optional<milliseconds> soft_limit,
                                          std::shared_ptr<RunningTask> task) const {
  const bool soft = soft_limit && *soft_limit < limit;
  task->done_.expires_after(soft ? *soft_limit : limit);
  if (definition.async) {
    asio::co_spawn(task->done_.get_executor(), definition.async(task->context_),
                   asio::bind_cancellation_slot(
                       task->cancel_.slot(), [task](std::exception_ptr error, json::value value) {
                         task->complete(std::move(value), error);
                       }));
  } else {
    task->blocking_running_ = true;
    asio::post(cpu_, [task, handler = &definition.blocking, context = task->context_] {
      json::value value;
      std::exception_ptr error;
      try {
        value = (*handler)(context);
      } catch (...) {
        error = std::current_exception();
      }
      asio::post(task->done_.get_executor(), [task, value = std::move(value), error]() mutable {
        task->complete(std::move(value), error);
      });
      task->blocking_running_ = false;
    });
  }
  boost::system::error_code ignored;
  if (!task->finished_)
    co_await task->done_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  if (soft && !task->finished_ && !task->abandoned_) {
    // Asked to stop (the stop token; a coroutine handler is not cancelled yet), then
    // cancelled at the hard limit.
    task->soft_limit_passed_ = true;
    task->stop_.request_stop();
    task->done_.expires_after(limit - *soft_limit);
    if (!task->finished_)
      co_await task->done_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
}

asio::awaitable<std::optional<TaskRunner::Passed>> TaskRunner::pass_gate(redis::Client& client,
                                                                         const core::Uuid& task_id,
                                                                         RunningTask& task) const {
  if (!gate_) {
    const std::int64_t deliveries = co_await count_delivery(client, task_id);
    co_return Passed{deliveries, false};
  }
  // Read, not counted yet: a task that only waits here is not counted if a suspect running
  // meanwhile kills the worker.
  const std::optional<std::string> before =
      co_await client.get(consumer_.keys().delivered_key(task_id.str()));
  const bool alone = before && std::atoll(before->c_str()) >= 1;  // a delivery had no outcome
  if (!gate_->may_enter(alone)) {
    if (alone) gate_->wait_alone(+1);
    asio::steady_timer poll(co_await asio::this_coro::executor);
    while (!gate_->may_enter(alone) && !task.abandoned_) {
      poll.expires_after(milliseconds(10));
      co_await poll.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (alone) gate_->wait_alone(-1);
    if (task.abandoned_) co_return std::nullopt;
  }
  gate_->enter(alone);  // before the next co_await: nobody may slip in
  std::int64_t deliveries = 0;
  std::exception_ptr failure;
  try {
    deliveries = co_await count_delivery(client, task_id);
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    gate_->leave(alone);
    std::rethrow_exception(failure);
  }
  co_return Passed{deliveries, alone};
}

asio::awaitable<std::int64_t> TaskRunner::count_delivery(redis::Client& client,
                                                         const core::Uuid& task_id) const {
  redis::Args keys{consumer_.keys().delivered_key(task_id.str())};
  redis::Args args{std::to_string(kRememberDeliveries.count())};
  co_return (co_await client.eval(count_delivery_script, std::move(keys), std::move(args)))
      .as_integer();
}

Acknowledgement TaskRunner::final_ack(Acknowledgement ack, const core::Uuid& task_id) const {
  ack.forget.push_back(consumer_.keys().delivered_key(task_id.str()));
  ack.forget.push_back(consumer_.keys().sent_key(task_id.str()));
  return ack;
}

Acknowledgement TaskRunner::retry_ack(Acknowledgement ack, const core::Uuid& task_id) const {
  ack.forget.push_back(consumer_.keys().delivered_key(task_id.str()));
  return ack;
}

asio::awaitable<TaskOutcome> TaskRunner::give_up(redis::Client& client, const TaskMessage& message,
                                                 const TaskDefinition& definition,
                                                 const Acknowledgement& ack,
                                                 const TaskContext& context,
                                                 std::int64_t deliveries) const {
  const std::string why = "the worker stopped while running it " + std::to_string(deliveries - 1) +
                          " times (TASK_MAX_DELIVERIES " +
                          std::to_string(defaults_.max_deliveries) + ")";
  co_await broker_.dead_letter(client, message, "WorkerLostError: " + why);
  TaskError lost{"WorkerLostError", why, "billiard.exceptions"};
  co_await results_.store(
      client, extended(failure_result(message.id, lost, std::string(), core::now()), message),
      final_ack(ack, message.id));
  core::log_error("poison message dead-lettered",
                  {{"task", message.name}, {"task_id", message.id.str()}, {"error", why}});
  co_await run_state_hook(definition, client, message.id);
  TaskFailure failure{context, FailureCause::interrupted, lost.type, why};
  co_await run_failure_hook(definition, std::move(failure));
  if (stats_) stats_->add(message.name, "failed", 0.0);
  co_return TaskOutcome::failed;
}

asio::awaitable<TaskOutcome> TaskRunner::fail(redis::Client& client, const TaskMessage& message,
                                              const TaskDefinition& definition,
                                              const Acknowledgement& ack,
                                              const TaskContext& context, TaskError error,
                                              bool permanent, FailureCause cause) const {
  const int max_retries =
      value_or(message.max_retries, definition.options.max_retries, defaults_.max_retries);
  if (!permanent && message.retries < max_retries) {
    const milliseconds delay = retry_delay(
        message.retries,
        value_or(message.retry_backoff, definition.options.retry_backoff, defaults_.retry_backoff),
        value_or(message.retry_backoff_max, definition.options.retry_backoff_max,
                 defaults_.retry_backoff_max),
        defaults_.retry_jitter);
    co_await broker_.schedule_retry(client, message, core::now() + delay);
    const std::string why = "Retry in " + seconds_text(delay) + ": " + error.message;
    co_await results_.store(client, extended(retry_result(message.id, why, std::string()), message),
                            retry_ack(ack, message.id));
    co_await run_state_hook(definition, client, message.id);
    core::log_warning("task failed, will retry", {{"task", message.name},
                                                  {"task_id", message.id.str()},
                                                  {"retries", std::int64_t{message.retries}},
                                                  {"delay_ms", std::int64_t{delay.count()}},
                                                  {"error", error.message}});
    co_return TaskOutcome::retried;
  }
  const std::string reason =
      error.type + ": " + error.message +
      (permanent ? "" : " (after " + std::to_string(message.retries) + " retries)");
  co_await broker_.dead_letter(client, message, reason);
  co_await results_.store(
      client, extended(failure_result(message.id, error, std::string(), core::now()), message),
      final_ack(ack, message.id));
  core::log_error("task failed", {{"task", message.name},
                                  {"task_id", message.id.str()},
                                  {"retries", std::int64_t{message.retries}},
                                  {"error", reason}});
  co_await run_state_hook(definition, client, message.id);
  TaskFailure failure{context, cause, error.type, error.message};
  co_await run_failure_hook(definition, std::move(failure));
  co_return TaskOutcome::failed;
}

}  // namespace tessera::queue
