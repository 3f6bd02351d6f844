#pragma once
// Runs one taken message to its outcome, and stores that outcome with the message's
// acknowledgement: success (result), failure (result, dead letter), retry (scheduled again
// with backoff), expired, or too early (back to the scheduled set). Until the outcome is
// stored the message stays in the worker's processing list, so that nothing is lost if the
// worker dies meanwhile: it runs again elsewhere (at least once).

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/value.hpp>

#include "queue/broker.hpp"
#include "queue/consumer.hpp"
#include "queue/result_store.hpp"
#include "queue/run_gate.hpp"
#include "queue/task_registry.hpp"
#include "queue/task_stats.hpp"

namespace tessera::redis {
class Client;
}

namespace tessera::queue {

// The worker's settings for tasks that do not say otherwise.
struct TaskDefaults {
  int max_retries = 3;
  std::chrono::milliseconds retry_backoff{1000};
  std::chrono::milliseconds retry_backoff_max{600'000};
  std::chrono::milliseconds time_limit{300'000};
  // A message delivered once more after this many deliveries without an outcome (its
  // worker died each time) is dead-lettered instead of run: a poison message.
  int max_deliveries = 3;
  double retry_jitter = 0.5;  // a retry waits between half and all of the backoff
};

// A task in progress, shared by the runner, its handler's completion and the worker (which
// may abandon it at shutdown). Lives on the worker's I/O thread.
class RunningTask {
 public:
  explicit RunningTask(boost::asio::any_io_executor executor);

  // Stops waiting for the handler and asks it to stop; the runner then returns without
  // storing anything, leaving the message in the processing list to be handed back.
  void abandon();
  bool abandoned() const { return abandoned_; }
  // A blocking handler's thread cannot be interrupted: true while one is still running.
  bool blocking_handler_running() const { return blocking_running_.load(); }

 private:
  friend class TaskRunner;
  void complete(boost::json::value value, std::exception_ptr error);

  TaskContext context_;
  boost::asio::steady_timer done_;  // the deadline; cancelled when the handler completes
  boost::asio::cancellation_signal cancel_;
  std::stop_source stop_;
  bool finished_ = false;
  bool abandoned_ = false;
  bool soft_limit_passed_ = false;
  boost::json::value value_;
  std::exception_ptr error_;
  std::atomic<bool> blocking_running_{false};
};

enum class TaskOutcome { succeeded, retried, failed, expired, rescheduled, rejected, abandoned };

class TaskRunner {
 public:
  // `cpu` runs blocking handlers; the registry and consumer must outlive the runner.
  TaskRunner(const TaskRegistry& registry, const Consumer& consumer, Broker broker,
             ResultStore results, TaskDefaults defaults, boost::asio::any_io_executor cpu);

  // Where every run that reached its handler is counted (the worker flushes it to Redis);
  // none by default.
  void count_runs_in(TaskStatsBuffer* stats) { stats_ = stats; }
  // Where suspect messages wait to run alone (queue/run_gate.hpp); none: no isolation.
  void isolate_suspects_with(RunGate* gate) { gate_ = gate; }

  // Runs `delivery` on the calling coroutine's executor, with `client` for the bookkeeping.
  // Throws core::UnavailableError when Redis fails while the outcome is stored: the
  // message is then still in the processing list.
  boost::asio::awaitable<TaskOutcome> run(redis::Client& client, Delivery delivery,
                                          std::shared_ptr<RunningTask> task) const;

 private:
  // Runs the handler until it completes or `limit` passes; at `soft_limit` (when shorter)
  // the handler is asked to stop through its stop token.
  boost::asio::awaitable<void> execute(const TaskDefinition& definition,
                                       std::chrono::milliseconds limit,
                                       std::optional<std::chrono::milliseconds> soft_limit,
                                       std::shared_ptr<RunningTask> task) const;
  // Waits at the gate until the task may start (alone when an earlier delivery had no
  // outcome), then counts its delivery. The count and whether it runs alone; nullopt when
  // abandoned while waiting.
  struct Passed {
    std::int64_t deliveries;
    bool alone;
  };
  boost::asio::awaitable<std::optional<Passed>> pass_gate(redis::Client& client,
                                                          const core::Uuid& task_id,
                                                          RunningTask& task) const;
  // Counts this delivery of the task; how many there were since its last outcome.
  boost::asio::awaitable<std::int64_t> count_delivery(redis::Client& client,
                                                      const core::Uuid& task_id) const;
  // Dead-letters a message whose worker died while running it too many times.
  boost::asio::awaitable<TaskOutcome> give_up(redis::Client& client, const TaskMessage& message,
                                              const TaskDefinition& definition,
                                              const Acknowledgement& ack,
                                              const TaskContext& context,
                                              std::int64_t deliveries) const;
  // Stores the outcome of a run that has ended (or passed its time limit).
  boost::asio::awaitable<TaskOutcome> settle(redis::Client& client, const TaskMessage& message,
                                             const TaskDefinition& definition,
                                             const Acknowledgement& ack, RunningTask& task,
                                             std::chrono::milliseconds limit) const;
  boost::asio::awaitable<TaskOutcome> fail(redis::Client& client, const TaskMessage& message,
                                           const TaskDefinition& definition,
                                           const Acknowledgement& ack, const TaskContext& context,
                                           TaskError error, bool permanent,
                                           FailureCause cause) const;
  // The outcome is final: the message's marks go with its acknowledgement.
  Acknowledgement final_ack(Acknowledgement ack, const core::Uuid& task_id) const;
  // A retry is a new run: its deliveries are counted afresh.
  Acknowledgement retry_ack(Acknowledgement ack, const core::Uuid& task_id) const;

  const TaskRegistry& registry_;
  const Consumer& consumer_;
  Broker broker_;
  ResultStore results_;
  TaskDefaults defaults_;
  boost::asio::any_io_executor cpu_;
  TaskStatsBuffer* stats_ = nullptr;
  RunGate* gate_ = nullptr;
};

}  // namespace tessera::queue
