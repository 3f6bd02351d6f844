#pragma once
// /api/v1/users: API.md's Users table.

namespace tessera::http {
class Router;
}
namespace tessera::services {
class UserCache;
}

namespace tessera::api {

void add_users_routes(http::Router& router, services::UserCache& users);

}  // namespace tessera::api
