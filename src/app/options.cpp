#include "app/options.hpp"

#include <cstdio>
#include <cstdlib>

#include "app/announcements.hpp"

namespace tessera::app {

core::Settings load_settings_or_exit() {
  try {
    return core::load_settings();
  } catch (const core::SettingsError& e) {
    for (const auto& problem : e.problems())
      std::fprintf(stderr, "tessera: configuration error: %s\n", problem.c_str());
    std::exit(2);
  }
}

services::ImageSweepOptions image_sweep_options(const core::Settings& s) {
  return services::ImageSweepOptions{.interval = s.image_sweep_interval,
                                     .untouched_for = s.image_sweep_after,
                                     .max_requeues = s.task_max_deliveries,
                                     .task_queue = s.worker_queues.front(),
                                     .on_failed = announce_image};
}

db::ConnectOptions db_connect_options(const core::Settings& s) {
  return db::ConnectOptions{.host = s.db_host,
                            .port = s.db_port,
                            .user = s.db_user,
                            .password = s.db_pass ? s.db_pass->value() : std::string(),
                            .dbname = s.db_name,
                            .connect_timeout = s.db_connect_timeout,
                            .statement_timeout = s.db_statement_timeout};
}

db::PoolOptions db_pool_options(const core::Settings& s) {
  return db::PoolOptions{.size = s.db_pool_size, .acquire_timeout = s.db_pool_timeout};
}

redis::ClientOptions redis_client_options(const core::Settings& s) {
  return redis::ClientOptions{
      .host = s.redis_host,
      .port = s.redis_port,
      .password = s.redis_password ? std::optional(s.redis_password->value()) : std::nullopt,
      .db = s.redis_db};
}

security::PasswordHashParams password_hash_params(const core::Settings& s) {
  return {.ops = s.password_hash_ops, .memory = s.password_hash_memory};
}

queue::WorkerOptions worker_options(const core::Settings& s) {
  queue::WorkerOptions options;
  options.queues = s.worker_queues;
  options.concurrency = s.worker_concurrency;
  options.heartbeat_interval = s.worker_heartbeat_interval;
  options.shutdown_grace = s.shutdown_grace_period;
  options.result_ttl = s.task_result_ttl;
  options.defaults.max_retries = s.task_max_retries;
  options.defaults.retry_backoff = s.task_retry_backoff;
  options.defaults.retry_backoff_max = s.task_retry_backoff_max;
  options.defaults.time_limit = s.task_time_limit;
  options.defaults.max_deliveries = s.task_max_deliveries;
  return options;
}

http::ServerOptions server_options(const core::Settings& s) {
  std::vector<core::IpNetwork> proxies;
  for (const auto& text : s.forwarded_allow_ips)
    if (auto network = core::parse_ip_network(text)) proxies.push_back(*network);
  return http::ServerOptions{.host = s.http_host,
                             .port = s.http_port,
                             .threads = s.http_threads,
                             .max_body_bytes = s.http_max_body_bytes,
                             .max_header_bytes = s.http_max_header_bytes,
                             .header_timeout = s.http_header_timeout,
                             .body_timeout = s.http_body_timeout,
                             .idle_timeout = s.http_idle_timeout,
                             .shutdown_grace = s.shutdown_grace_period,
                             .trusted_proxies = std::move(proxies)};
}

}  // namespace tessera::app
