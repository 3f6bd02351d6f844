#include "api/app.hpp"

#include <cstdio>
#include <cstdlib>
#include <system_error>

#include "api/service_routes.hpp"
#include "core/logging.hpp"
#include "core/version.hpp"
#include "http/middlewares.hpp"
#include "http/request_metrics.hpp"
#include "openapi/docs_routes.hpp"

namespace tessera::api {

core::Settings load_settings_or_exit() {
  try {
    return core::load_settings();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tessera: configuration error: %s\n", e.what());
    std::exit(2);
  }
}

std::unique_ptr<ApiProcess> build_api(const core::Settings& settings,
                                      const std::function<void(http::Router&)>& extra_routes) {
  auto process = std::make_unique<ApiProcess>();
  auto request_metrics = std::make_unique<http::RequestMetrics>();
  auto* recorder = request_metrics.get();
  process->metrics.add_collector([recorder](core::MetricsWriter& out) { recorder->collect(out); });
  process->metrics.add_collector(core::write_process_metrics);

  http::Application& app = process->app;
  app.use(http::make_request_id_middleware());
  app.use(http::make_access_log_middleware());
  app.use(std::move(request_metrics));
  if (!settings.cors_origins.empty()) app.use(http::make_cors_middleware(settings.cors_origins));

  add_service_routes(app.router(), process->readiness, process->metrics);
  if (extra_routes) extra_routes(app.router());
  openapi::add_docs_routes(app.router(), {.version = TESSERA_VERSION,
                                          .description = "Accounts, images and background tasks."});
  return process;
}

http::ServerOptions server_options(const core::Settings& s) {
  return http::ServerOptions{.host = s.http_host,
                             .port = s.http_port,
                             .threads = s.http_threads,
                             .max_body_bytes = s.http_max_body_bytes,
                             .max_header_bytes = s.http_max_header_bytes,
                             .header_timeout = s.http_header_timeout,
                             .body_timeout = s.http_body_timeout,
                             .idle_timeout = s.http_idle_timeout,
                             .shutdown_grace = s.shutdown_grace_period};
}

int serve(const core::Settings& settings, const std::function<void(http::Router&)>& extra_routes) {
  auto api = build_api(settings, extra_routes);
  http::Server server(api->app, server_options(settings));
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
