#include "api/service_routes.hpp"

#include <boost/describe/class.hpp>

#include "api/readiness.hpp"
#include "core/metrics.hpp"
#include "http/router.hpp"
#include "schema/schema.hpp"

namespace tessera::api {

struct HealthStatus {
  std::string status;
};
BOOST_DESCRIBE_STRUCT(HealthStatus, (), (status))

struct ReadinessStatus {
  std::string status;
  std::map<std::string, std::string> checks;
};
BOOST_DESCRIBE_STRUCT(ReadinessStatus, (), (status, checks))

namespace asio = boost::asio;

void add_service_routes(http::Router& router, const Readiness& readiness,
                        const core::MetricsRegistry& metrics,
                        std::function<asio::awaitable<void>()> refresh_metrics) {
  router.get("/healthz", {.summary = "Liveness: the process runs", .tags = {"service"}},
             [](http::Context&) -> asio::awaitable<HealthStatus> { co_return HealthStatus{"ok"}; });

  auto& ready = router.get("/readyz",
                           {.summary = "Readiness: every dependency answers",
                            .description = "503 names the failing dependency.",
                            .tags = {"service"},
                            .errors = {503}},
                           [&readiness](http::Context&) -> asio::awaitable<http::Response> {
                             const auto report = co_await readiness.run();
                             ReadinessStatus body{report.ok ? "ok" : "unavailable", report.checks};
                             co_return http::Response::json(report.ok ? 200 : 503,
                                                            schema::to_json_string(body));
                           });
  ready.response_schema = [](schema::Registry& registry) {
    return schema::schema_of<ReadinessStatus>(registry);
  };

  auto& exposition =
      router.get("/metrics", {.summary = "Prometheus metrics", .tags = {"service"}},
                 [&metrics, refresh = std::move(refresh_metrics)](
                     http::Context&) -> asio::awaitable<http::Response> {
                   if (refresh) co_await refresh();
                   co_return http::Response::text(200, metrics.render(),
                                                  "text/plain; version=0.0.4; charset=utf-8");
                 });
  exposition.response_content_type = "text/plain";
}

}  // namespace tessera::api
