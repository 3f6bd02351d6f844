#pragma once
// The standard middlewares, in the order the server installs them.

#include <memory>
#include <string>
#include <vector>

#include "http/middleware.hpp"

namespace tessera::http {

// Echoes a sane X-Request-ID (1..128 of [A-Za-z0-9._-]) or makes a new one, for the
// response header and every log line of the request.
std::unique_ptr<Middleware> make_request_id_middleware();

// One log line per request: method, route template, status, duration, request id.
std::unique_ptr<Middleware> make_access_log_middleware();

// CORS for the listed origins ("*" allows any): answers preflights, adds the headers.
std::unique_ptr<Middleware> make_cors_middleware(std::vector<std::string> origins);

}  // namespace tessera::http
