#pragma once
// The settings turned into each part's options: the one place that reads core::Settings for
// the API process, the worker process and the commands.

#include "core/settings.hpp"
#include "db/connection.hpp"
#include "db/pool.hpp"
#include "http/server.hpp"
#include "queue/worker.hpp"
#include "redis/client.hpp"
#include "security/password_hasher.hpp"
#include "services/image_sweep.hpp"

namespace tessera::app {

// The settings, or one line on stderr per bad setting and exit status 2.
core::Settings load_settings_or_exit();

db::ConnectOptions db_connect_options(const core::Settings& settings);
db::PoolOptions db_pool_options(const core::Settings& settings);
redis::ClientOptions redis_client_options(const core::Settings& settings);
security::PasswordHashParams password_hash_params(const core::Settings& settings);
// WORKER_*, SHUTDOWN_GRACE_PERIOD, TASK_RESULT_TTL_SECONDS and the TASK_* defaults.
queue::WorkerOptions worker_options(const core::Settings& settings);
// IMAGE_SWEEP_*, TASK_MAX_DELIVERIES and the image task's queue.
services::ImageSweepOptions image_sweep_options(const core::Settings& settings);
// The listener's options, without the per-thread hooks (the API process adds those).
http::ServerOptions server_options(const core::Settings& settings);

}  // namespace tessera::app
