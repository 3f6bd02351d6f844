#pragma once
// /api/v1/users/me/2fa: API.md's "Two-factor authentication" table.

namespace tessera::http {
class Router;
}
namespace tessera::services {
class TwoFactor;
}

namespace tessera::api {

void add_two_factor_routes(http::Router& router, services::TwoFactor& two_factor);

}  // namespace tessera::api
