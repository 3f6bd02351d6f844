#include "app/api_process.hpp"

#include <system_error>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/auth_routes.hpp"
#include "api/authentication.hpp"
#include "api/errors.hpp"
#include "api/event_routes.hpp"
#include "api/image_routes.hpp"
#include "api/service_routes.hpp"
#include "api/session_routes.hpp"
#include "api/task_routes.hpp"
#include "api/two_factor_routes.hpp"
#include "api/users_routes.hpp"
#include "app/admin.hpp"
#include "app/options.hpp"
#include "core/logging.hpp"
#include "core/version.hpp"
#include "http/middlewares.hpp"
#include "http/request_metrics.hpp"
#include "media/vips_runtime.hpp"
#include "openapi/docs_routes.hpp"

#include "webapp/app_routes.hpp"

namespace tessera::app {

namespace asio = boost::asio;
using std::chrono::duration_cast;
using std::chrono::seconds;

// API.md asks for a comment at least every 15 s; each heartbeat also checks the session.
constexpr std::chrono::milliseconds kEventHeartbeat{10'000};

ApiProcess::ApiProcess(const core::Settings& settings, const ExtraRoutes& extra_routes)
    : settings_(settings),
      db_(db_connect_options(settings), db_pool_options(settings)),
      redis_(redis_client_options(settings)),
      hashing_(settings.cpu_threads, settings.cpu_queue_max),
      disk_(2),
      passwords_(hashing_, password_hash_params(settings)),
      jwt_(settings.jwt_secret_key.value(), settings.jwt_algorithm,
           duration_cast<seconds>(settings.access_token_expire)),
      storage_(settings.media_root),
      sessions_(duration_cast<seconds>(settings.refresh_token_expire),
                duration_cast<seconds>(settings.session_idle)),
      user_cache_(db_, redis_),
      outbox_(&relays_),
      sweep_options_(image_sweep_options(settings)),
      task_status_(redis_, settings.task_result_ttl),
      images_({db_, redis_, disk_, storage_, task_status_, outbox_},
              {.min_side = settings.image_min_side,
               .max_pixels = settings.image_max_pixels,
               .variants = settings.image_variants,
               .task_queue = settings.worker_queues.front()}),
      two_factor_({db_, redis_, passwords_, user_cache_}),
      accounts_({db_, redis_, passwords_, jwt_, sessions_, user_cache_, outbox_, two_factor_},
                {.public_base_url = settings.public_base_url,
                 .emails_from = settings.emails_from,
                 .task_queue = settings.worker_queues.front(),
                 .verify_token_lifetime = settings.email_verify_token_expire,
                 .reset_token_lifetime = settings.password_reset_token_expire}),
      users_({db_, redis_, passwords_, sessions_, user_cache_, accounts_, images_, outbox_,
              two_factor_}),
      authenticator_(jwt_, sessions_, user_cache_, redis_),
      event_hub_(redis_client_options(settings), {}),
      event_streams_(event_hub_, redis_, sessions_, kEventHeartbeat),
      queue_metrics_(settings.worker_queues) {
  media::init_vips(1);  // the API only reads headers
  // What a crash left half-written; an hour is far longer than any upload may take.
  if (const auto swept = storage_.sweep_temporaries(std::chrono::minutes(60)))
    core::log_info("removed stale temporary files", {{"files", swept}});
  add_metrics();
  add_readiness_checks();
  add_routes(extra_routes);
}

void ApiProcess::add_metrics() {
  metrics_.add_collector(core::write_process_metrics);
  metrics_.add_collector([this](core::MetricsWriter& out) { db_.collect(out); });
  metrics_.add_collector([this](core::MetricsWriter& out) { redis_.collect(out); });
  metrics_.add_collector([this](core::MetricsWriter& out) { images_.collect(out); });
  metrics_.add_collector([this](core::MetricsWriter& out) { queue_metrics_.collect(out); });
  metrics_.add_collector([this](core::MetricsWriter& out) { task_stats_.collect(out); });
  metrics_.add_collector([this](core::MetricsWriter& out) { services::collect(relays_, out); });
  metrics_.add_collector([this](core::MetricsWriter& out) { event_hub_.collect(out); });
}

namespace {

// Runs `check` for each I/O thread's object (a pool, a client) on that thread, since only it
// may touch the object; the first problem, or none. Ready means every thread is ready: a
// thread whose pool still backs off after a restart would fail the requests it takes.
template <class PerThread, class Check>
asio::awaitable<std::optional<std::string>> on_every_thread(PerThread& objects, Check check) {
  std::vector<asio::any_io_executor> executors;
  objects.for_each([&](const auto& object) { executors.push_back(object.executor()); });
  for (const auto& executor : executors) {
    auto run = [&objects, &check]() -> asio::awaitable<std::optional<std::string>> {
      try {
        co_return co_await check(objects.local());
      } catch (const std::exception& e) {  // a thread that stopped meanwhile, a failure
        co_return std::string(e.what());
      }
    };
    auto problem = co_await asio::co_spawn(executor, run, asio::use_awaitable);
    if (problem) co_return problem;
  }
  co_return std::nullopt;
}

}  // namespace

void ApiProcess::add_readiness_checks() {
  readiness_.add("postgres", [this]() -> asio::awaitable<std::optional<std::string>> {
    static constexpr db::Query ping{"readiness_ping", "SELECT 1"};
    auto problem = co_await on_every_thread(
        db_, [](db::Pool& pool) -> asio::awaitable<std::optional<std::string>> {
          co_await pool.run(ping);
          co_return std::nullopt;
        });
    if (!problem) co_return std::nullopt;
    // The detail goes to the log only: /readyz is public.
    core::log_warning("readiness: postgres", {{"error", *problem}});
    co_return "unavailable";
  });
  readiness_.add("redis", [this]() -> asio::awaitable<std::optional<std::string>> {
    auto problem = co_await on_every_thread(
        redis_, [](redis::Client& client) -> asio::awaitable<std::optional<std::string>> {
          if (co_await client.ping()) co_return std::nullopt;
          co_return "no answer";
        });
    if (!problem) co_return std::nullopt;
    co_return "unavailable";
  });
}

void ApiProcess::add_routes(const ExtraRoutes& extra_routes) {
  auto request_metrics = std::make_unique<http::RequestMetrics>();
  metrics_.add_collector(
      [recorder = request_metrics.get()](core::MetricsWriter& out) { recorder->collect(out); });
  app_.use(http::make_request_id_middleware());
  app_.use(http::make_access_log_middleware());
  app_.use(std::move(request_metrics));
  if (!settings_.cors_origins.empty()) app_.use(http::make_cors_middleware(settings_.cors_origins));
  app_.set_authenticator(api::bearer_authentication(authenticator_));
  app_.set_error_translator(api::error_response);

  http::Router& router = app_.router();
  api::add_service_routes(router, readiness_, metrics_, [this]() -> asio::awaitable<void> {
    co_await queue_metrics_.refresh(redis_.local());
    co_await task_stats_.refresh(redis_.local());
  });
  api::add_auth_routes(router, accounts_);
  api::add_users_routes(router, users_);
  api::add_session_routes(router, accounts_);
  api::add_two_factor_routes(router, two_factor_);
  api::add_image_routes(router, images_, settings_.max_upload_bytes);
  api::add_task_routes(router, task_status_);
  api::add_event_routes(router, event_streams_);
  if (extra_routes) extra_routes(router);
  openapi::add_docs_routes(router, {.version = TESSERA_VERSION,
                                    .description = "Accounts, images and background tasks."});
  webapp::serve_web_app(app_);
}

http::ServerOptions ApiProcess::server_options() {
  http::ServerOptions options = app::server_options(settings_);
  options.on_thread_start = [this](asio::io_context& io) {
    db_.start_thread(io.get_executor());
    redis_.start_thread(io.get_executor());
    auto& relay = relays_.start_thread(db_.local(), redis_.local(), queue::QueueKeys{});
    asio::co_spawn(io, relay.run(), asio::detached);
    auto& sweep = sweeps_.start_thread(db_.local(), redis_.local(), outbox_, storage_, disk_,
                                       queue::QueueKeys{}, sweep_options_);
    asio::co_spawn(io, sweep.run(), asio::detached);
    if (!event_hub_started_.exchange(true)) event_hub_.start(io.get_executor());
  };
  options.on_thread_stop = [this] {
    sweeps_.stop_thread();
    relays_.stop_thread();
    redis_.stop_thread();
    db_.stop_thread();
  };
  options.on_thread_stopping = [this] {
    event_hub_.stop();
    relays_.local().stop();
    sweeps_.local().stop();
    redis_.local().close();
  };
  return options;
}

int serve(const core::Settings& settings, const ExtraRoutes& extra_routes) {
  bootstrap_superuser(settings);
  ApiProcess api(settings, extra_routes);
  http::Server server(api.application(), api.server_options());
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

}  // namespace tessera::app
