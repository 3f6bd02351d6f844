#pragma once
// /api/v1/auth: API.md's Auth table.

namespace tessera::http {
class Router;
}
namespace tessera::services {
class Accounts;
}

namespace tessera::api {

void add_auth_routes(http::Router& router, services::Accounts& accounts);

}  // namespace tessera::api
