#pragma once
// GET /healthz, /readyz and /metrics.

#include <functional>

#include <boost/asio/awaitable.hpp>

namespace tessera::core {
class MetricsRegistry;
}
namespace tessera::http {
class Router;
}

namespace tessera::api {

class Readiness;

// `refresh_metrics`, when set, runs before each /metrics rendering (gauges read from Redis).
void add_service_routes(http::Router& router, const Readiness& readiness,
                        const core::MetricsRegistry& metrics,
                        std::function<boost::asio::awaitable<void>()> refresh_metrics = {});

}  // namespace tessera::api
