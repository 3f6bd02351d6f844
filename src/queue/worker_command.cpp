#include "queue/worker_command.hpp"

#include <cstdlib>

#include "core/logging.hpp"

namespace tessera::queue {

WorkerOptions worker_options(const core::Settings& s) {
  WorkerOptions options;
  options.queues = s.worker_queues;
  options.concurrency = s.worker_concurrency;
  options.heartbeat_interval = s.worker_heartbeat_interval;
  options.shutdown_grace = s.shutdown_grace_period;
  options.result_ttl = s.task_result_ttl;
  options.defaults.max_retries = s.task_max_retries;
  options.defaults.retry_backoff = s.task_retry_backoff;
  options.defaults.retry_backoff_max = s.task_retry_backoff_max;
  options.defaults.time_limit = s.task_time_limit;
  return options;
}

int run_worker(const redis::ClientOptions& redis, WorkerOptions options,
               const TaskRegistry& registry) {
  Worker worker(redis, std::move(options), registry);
  worker.run_until_signal();
  const auto counts = worker.counts();
  core::log_info("worker totals", {{"succeeded", counts.succeeded},
                                   {"retried", counts.retried},
                                   {"failed", counts.failed},
                                   {"expired", counts.expired},
                                   {"handed_back", counts.handed_back}});
  if (const auto stuck = worker.abandoned_blocking_handlers(); stuck > 0) {
    // Their tasks are back in the queues; a thread cannot be interrupted, so do not wait
    // for it (joining the pool would).
    core::log_warning("exiting with blocking handlers still running", {{"handlers", stuck}});
    core::flush_logs();
    std::_Exit(0);
  }
  return 0;
}

}  // namespace tessera::queue
