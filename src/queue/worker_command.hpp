#pragma once
// `tessera worker`: the worker runtime configured from the settings.

#include "core/settings.hpp"
#include "queue/task_registry.hpp"
#include "queue/worker.hpp"
#include "redis/client.hpp"

namespace tessera::queue {

// WORKER_CONCURRENCY, WORKER_QUEUES, WORKER_HEARTBEAT_INTERVAL, SHUTDOWN_GRACE_PERIOD,
// TASK_RESULT_TTL_SECONDS and the TASK_* defaults.
WorkerOptions worker_options(const core::Settings& settings);

// Runs a worker until SIGTERM/SIGINT; the process's exit status (0 after a clean stop).
int run_worker(const redis::ClientOptions& redis, WorkerOptions options,
               const TaskRegistry& registry);

}  // namespace tessera::queue
