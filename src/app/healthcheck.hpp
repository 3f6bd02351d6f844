#pragma once
// `tessera healthcheck`: whether the API of this machine answers /healthz, for container
// and service managers' health checks (the runtime image has no curl or wget).

#include <chrono>
#include <string>

#include "core/settings.hpp"

namespace tessera::app {

// http://<HTTP_HOST>:<HTTP_PORT>/healthz, with a wildcard host (0.0.0.0, ::) replaced by
// the loopback address.
std::string healthcheck_url(const core::Settings& settings);

// 0 when GET `url` answers 200 within `timeout`, else 1 with one line on stderr.
int probe_health(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace tessera::app
