#pragma once
// The API process (`tessera serve`): every part it is made of, as members built in
// declaration order (each from the ones above it), and the routes that use them.

#include <atomic>
#include <functional>

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
#include "services/events.hpp"
#include "services/image_sweep.hpp"
#include "services/images.hpp"
#include "services/session_store.hpp"
#include "services/task_outbox.hpp"
#include "services/task_status.hpp"
#include "services/user_cache.hpp"
#include "services/users.hpp"

namespace tessera::app {

// Adds routes before the docs routes, so that the OpenAPI document shows them (the e2e
// test server's extra routes).
using ExtraRoutes = std::function<void(http::Router&)>;

class ApiProcess {
 public:
  explicit ApiProcess(const core::Settings& settings, const ExtraRoutes& extra_routes = {});
  ApiProcess(const ApiProcess&) = delete;
  ApiProcess& operator=(const ApiProcess&) = delete;

  http::Application& application() { return app_; }
  // The listener's options with the hooks that give each I/O thread its pool and client.
  http::ServerOptions server_options();

 private:
  void add_metrics();
  void add_readiness_checks();
  void add_routes(const ExtraRoutes& extra_routes);

  const core::Settings& settings_;
  core::MetricsRegistry metrics_;
  db::ThreadPools db_;          // one PostgreSQL pool per I/O thread
  redis::ThreadClients redis_;  // one Redis client per I/O thread
  core::CpuPool hashing_;       // password hashing, off the I/O threads
  core::CpuPool disk_;          // image probes, fsync, file reads
  security::PasswordHasher passwords_;
  security::JwtCodec jwt_;
  media::MediaStorage storage_;
  services::SessionStore sessions_;
  services::UserCache user_cache_;
  services::ThreadRelays relays_;  // one outbox relay per I/O thread
  services::TaskOutbox outbox_;
  core::PerThread<services::ImageSweep> sweeps_;  // one per I/O thread; one sweeps at a time
  services::ImageSweepOptions sweep_options_;
  services::TaskStatus task_status_;
  services::Images images_;
  services::TwoFactor two_factor_;
  services::Accounts accounts_;
  services::Users users_;
  services::Authenticator authenticator_;
  services::EventHub event_hub_;  // reads the shared event stream on the first I/O thread
  services::EventStreams event_streams_;
  std::atomic<bool> event_hub_started_{false};
  queue::QueueMetrics queue_metrics_;  // queue depths, read from Redis when scraped
  queue::TaskStats task_stats_;        // the workers' counts, read from Redis when scraped
  api::Readiness readiness_;
  http::Application app_;
};

// Builds the API, listens and serves until SIGTERM/SIGINT; the process's exit status.
int serve(const core::Settings& settings, const ExtraRoutes& extra_routes = {});

}  // namespace tessera::app
