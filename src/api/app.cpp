#include "api/app.hpp"

#include <cstdio>
#include <cstdlib>
#include <system_error>

#include <boost/asio/io_context.hpp>

#include "api/auth_routes.hpp"
#include "api/authentication.hpp"
#include "api/errors.hpp"
#include "api/image_routes.hpp"
#include "api/service_routes.hpp"
#include "api/task_routes.hpp"
#include "api/users_routes.hpp"
#include "core/logging.hpp"
#include "core/version.hpp"
#include "http/middlewares.hpp"
#include "http/request_metrics.hpp"
#include "media/vips_runtime.hpp"
#include "openapi/docs_routes.hpp"
#include "services/superuser.hpp"

namespace tessera::api {

core::Settings load_settings_or_exit() {
  try {
    return core::load_settings();
  } catch (const core::SettingsError& e) {
    for (const auto& problem : e.problems())
      std::fprintf(stderr, "tessera: configuration error: %s\n", problem.c_str());
    std::exit(2);
  }
}

namespace {

// Passwords, tokens, sessions and the accounts service, on the process's pools.
void add_account_services(const core::Settings& settings, ApiProcess& process) {
  process.cpu = std::make_unique<core::CpuPool>(settings.cpu_threads);
  process.passwords =
      std::make_unique<security::PasswordHasher>(*process.cpu, password_hash_params(settings));
  process.jwt = std::make_unique<security::JwtCodec>(
      settings.jwt_secret_key.value(), settings.jwt_algorithm,
      std::chrono::duration_cast<std::chrono::seconds>(settings.access_token_expire));
  process.sessions = std::make_unique<services::SessionStore>(
      std::chrono::duration_cast<std::chrono::seconds>(settings.refresh_token_expire));
  process.users = std::make_unique<services::UserCache>(*process.db, *process.redis);
  process.accounts = std::make_unique<services::Accounts>(
      services::AccountsDeps{*process.db, *process.redis, *process.passwords, *process.jwt,
                             *process.sessions, *process.users},
      services::AccountsConfig{.public_base_url = settings.public_base_url,
                               .emails_from = settings.emails_from,
                               .task_queue = settings.worker_queues.front(),
                               .verify_token_lifetime = settings.email_verify_token_expire,
                               .reset_token_lifetime = settings.password_reset_token_expire});
  process.user_admin = std::make_unique<services::Users>(
      services::UsersDeps{*process.db, *process.redis, *process.passwords, *process.sessions,
                          *process.users, *process.accounts, *process.images});
  process.authenticator = std::make_unique<services::Authenticator>(*process.jwt, *process.sessions,
                                                                    *process.users, *process.redis);
}

// Uploads, their files and the status of the tasks that process them.
void add_image_services(const core::Settings& settings, ApiProcess& process) {
  media::init_vips(1);  // the API only reads headers
  process.files = std::make_unique<core::CpuPool>(2);
  process.storage = std::make_unique<media::MediaStorage>(settings.media_root);
  // What a crash left half-written; an hour is far longer than any upload may take.
  if (const auto swept = process.storage->sweep_temporaries(std::chrono::minutes(60)))
    core::log_info("removed stale temporary files", {{"files", swept}});
  process.tasks = std::make_unique<services::TaskStatus>(*process.redis, settings.task_result_ttl);
  process.images = std::make_unique<services::Images>(
      services::ImagesDeps{*process.db, *process.redis, *process.files, *process.storage,
                           *process.tasks},
      services::ImagesConfig{.min_side = settings.image_min_side,
                             .max_pixels = settings.image_max_pixels,
                             .variants = settings.image_variants,
                             .task_queue = settings.worker_queues.front()});
  process.metrics.add_collector(
      [images = process.images.get()](core::MetricsWriter& out) { images->collect(out); });
}

}  // namespace

std::unique_ptr<ApiProcess> build_api(const core::Settings& settings,
                                      const std::function<void(http::Router&)>& extra_routes) {
  auto process = std::make_unique<ApiProcess>();
  auto request_metrics = std::make_unique<http::RequestMetrics>();
  auto* recorder = request_metrics.get();
  process->metrics.add_collector([recorder](core::MetricsWriter& out) { recorder->collect(out); });
  process->metrics.add_collector(core::write_process_metrics);

  process->db = std::make_unique<db::ThreadPools>(
      db_connect_options(settings),
      db::PoolOptions{.size = settings.db_pool_size, .acquire_timeout = settings.db_pool_timeout});
  process->metrics.add_collector(
      [pools = process->db.get()](core::MetricsWriter& out) { pools->collect(out); });
  process->readiness.add(
      "postgres",
      [pools = process->db.get()]() -> boost::asio::awaitable<std::optional<std::string>> {
        static constexpr db::Query ping{"readiness_ping", "SELECT 1"};
        try {
          co_await pools->local().run(ping);
          co_return std::nullopt;
        } catch (const std::exception& e) {
          // The detail goes to the log only: /readyz is public.
          core::log_warning("readiness: postgres", {{"error", e.what()}});
          co_return "unavailable";
        }
      });

  process->redis = std::make_unique<redis::ThreadClients>(redis_client_options(settings));
  process->metrics.add_collector(
      [clients = process->redis.get()](core::MetricsWriter& out) { clients->collect(out); });
  process->readiness.add(
      "redis",
      [clients = process->redis.get()]() -> boost::asio::awaitable<std::optional<std::string>> {
        if (co_await clients->local().ping()) co_return std::nullopt;
        co_return "unavailable";
      });

  add_image_services(settings, *process);
  add_account_services(settings, *process);

  http::Application& app = process->app;
  app.use(http::make_request_id_middleware());
  app.use(http::make_access_log_middleware());
  app.use(std::move(request_metrics));
  if (!settings.cors_origins.empty()) app.use(http::make_cors_middleware(settings.cors_origins));

  process->queue_metrics = std::make_unique<queue::QueueMetrics>(settings.worker_queues);
  process->metrics.add_collector(
      [gauges = process->queue_metrics.get()](core::MetricsWriter& out) { gauges->collect(out); });
  process->task_stats = std::make_unique<queue::TaskStats>();
  process->metrics.add_collector(
      [stats = process->task_stats.get()](core::MetricsWriter& out) { stats->collect(out); });
  add_service_routes(app.router(), process->readiness, process->metrics,
                     [gauges = process->queue_metrics.get(), stats = process->task_stats.get(),
                      clients = process->redis.get()]() -> boost::asio::awaitable<void> {
                       co_await gauges->refresh(clients->local());
                       co_await stats->refresh(clients->local());
                     });
  app.set_authenticator(bearer_authentication(*process->authenticator));
  app.set_error_translator(error_response);
  add_auth_routes(app.router(), *process->accounts);
  add_users_routes(app.router(), *process->user_admin);
  add_image_routes(app.router(), *process->images, settings.max_upload_bytes);
  add_task_routes(app.router(), *process->tasks);
  if (extra_routes) extra_routes(app.router());
  openapi::add_docs_routes(app.router(), {.version = TESSERA_VERSION,
                                          .description = "Accounts, images and background tasks."});
  return process;
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

redis::ClientOptions redis_client_options(const core::Settings& s) {
  return redis::ClientOptions{
      .host = s.redis_host,
      .port = s.redis_port,
      .password = s.redis_password ? std::optional(s.redis_password->value()) : std::nullopt,
      .db = s.redis_db};
}

http::ServerOptions server_options(const core::Settings& s, ApiProcess& process) {
  return http::ServerOptions{.host = s.http_host,
                             .port = s.http_port,
                             .threads = s.http_threads,
                             .max_body_bytes = s.http_max_body_bytes,
                             .max_header_bytes = s.http_max_header_bytes,
                             .header_timeout = s.http_header_timeout,
                             .body_timeout = s.http_body_timeout,
                             .idle_timeout = s.http_idle_timeout,
                             .shutdown_grace = s.shutdown_grace_period,
                             .on_thread_start =
                                 [&process](boost::asio::io_context& io) {
                                   process.db->start_thread(io.get_executor());
                                   process.redis->start_thread(io.get_executor());
                                 },
                             .on_thread_stop =
                                 [&process] {
                                   process.redis->stop_thread();
                                   process.db->stop_thread();
                                 },
                             .on_thread_stopping = [&process] { process.redis->local().close(); }};
}

security::PasswordHashParams password_hash_params(const core::Settings& s) {
  return {.ops = s.password_hash_ops, .memory = s.password_hash_memory};
}

void bootstrap_superuser(const core::Settings& settings) {
  if (!settings.first_superuser || !settings.first_superuser_password) return;
  try {
    const auto outcome = services::ensure_superuser(
        db_connect_options(settings), password_hash_params(settings), *settings.first_superuser,
        settings.first_superuser_password->value(), services::ExistingUser::leave);
    if (outcome == services::SuperuserOutcome::created)
      core::log_info("created the first superuser", {{"email", *settings.first_superuser}});
  } catch (const std::exception& e) {
    // Not fatal: the API still serves, and the next start (or the command) tries again.
    core::log_error("could not create FIRST_SUPERUSER", {{"error", e.what()}});
  }
}

int serve(const core::Settings& settings, const std::function<void(http::Router&)>& extra_routes) {
  bootstrap_superuser(settings);
  auto api = build_api(settings, extra_routes);
  http::Server server(api->app, server_options(settings, *api));
  try {
    server.bind();
  } catch (const std::system_error& e) {
    core::log_error("cannot listen", {{"host", settings.http_host},
                                      {"port", static_cast<std::int64_t>(settings.http_port)},
                                      {"error", e.what()}});
    return 1;
  }
  core::log_info("listening",
                 {{"url", "http://" + settings.http_host + ":" + std::to_string(server.port())},
                  {"threads", static_cast<std::int64_t>(settings.http_threads)},
                  {"version", TESSERA_VERSION}});
  server.run_until_signal();
  return 0;
}

}  // namespace tessera::api
