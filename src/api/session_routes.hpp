#pragma once
// /api/v1/users/me/sessions: API.md's Sessions table.

namespace tessera::http {
class Router;
}
namespace tessera::services {
class Accounts;
}

namespace tessera::api {

void add_session_routes(http::Router& router, services::Accounts& accounts);

}  // namespace tessera::api
