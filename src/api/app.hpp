#pragma once
// Wiring of the API process: the application with its middlewares and every route.

#include <memory>

#include "api/readiness.hpp"
#include "core/cpu_pool.hpp"
#include "core/metrics.hpp"
#include "core/settings.hpp"
#include "db/thread_pools.hpp"
#include "http/application.hpp"
#include "http/server.hpp"
#include "media/media_storage.hpp"
#include "queue/queue_metrics.hpp"
#include "queue/task_stats.hpp"
#include "redis/thread_clients.hpp"
#include "security/jwt.hpp"
#include "security/password_hasher.hpp"
#include "services/accounts.hpp"
#include "services/authenticator.hpp"
#include "services/images.hpp"
#include "services/session_store.hpp"
#include "services/task_status.hpp"
#include "services/user_cache.hpp"
#include "services/users.hpp"

namespace tessera::api {

struct ApiProcess {
  core::MetricsRegistry metrics;
  Readiness readiness;
  std::unique_ptr<db::ThreadPools> db;          // one PostgreSQL pool per I/O thread
  std::unique_ptr<redis::ThreadClients> redis;  // one Redis client per I/O thread
  std::unique_ptr<queue::QueueMetrics> queue_metrics;
  std::unique_ptr<queue::TaskStats> task_stats;  // the workers' counts, read from Redis
  std::unique_ptr<core::CpuPool> cpu;            // password hashing, off the I/O threads
  std::unique_ptr<security::PasswordHasher> passwords;
  std::unique_ptr<security::JwtCodec> jwt;
  std::unique_ptr<services::SessionStore> sessions;
  std::unique_ptr<services::UserCache> users;
  std::unique_ptr<services::Accounts> accounts;
  std::unique_ptr<core::CpuPool>
      files;  // image probes, fsync, reads: disk work off the I/O threads
  std::unique_ptr<media::MediaStorage> storage;
  std::unique_ptr<services::TaskStatus> tasks;
  std::unique_ptr<services::Images> images;
  std::unique_ptr<services::Users> user_admin;
  std::unique_ptr<services::Authenticator> authenticator;
  http::Application app;
};

// The settings, or one line on stderr naming the bad setting and exit status 2.
core::Settings load_settings_or_exit();

// Builds the application. `extra_routes` runs before the docs routes are added, so that
// the OpenAPI document includes what it adds.
std::unique_ptr<ApiProcess> build_api(const core::Settings& settings,
                                      const std::function<void(http::Router&)>& extra_routes = {});

// The listener's options, with the hooks that give each I/O thread its pools.
http::ServerOptions server_options(const core::Settings& settings, ApiProcess& process);

db::ConnectOptions db_connect_options(const core::Settings& settings);
security::PasswordHashParams password_hash_params(const core::Settings& settings);
redis::ClientOptions redis_client_options(const core::Settings& settings);

// Builds the API, listens and serves until SIGTERM/SIGINT; the process's exit status.
int serve(const core::Settings& settings,
          const std::function<void(http::Router&)>& extra_routes = {});

}  // namespace tessera::api
