#pragma once
// /api/v1/users: API.md's Users table.

namespace tessera::http {
class Router;
}
namespace tessera::services {
class Users;
}

namespace tessera::api {

void add_users_routes(http::Router& router, services::Users& users);

}  // namespace tessera::api
