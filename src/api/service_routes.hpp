#pragma once
// GET /healthz, /readyz and /metrics.

namespace tessera::core {
class MetricsRegistry;
}
namespace tessera::http {
class Router;
}

namespace tessera::api {

class Readiness;

void add_service_routes(http::Router& router, const Readiness& readiness,
                        const core::MetricsRegistry& metrics);

}  // namespace tessera::api
