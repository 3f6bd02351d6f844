#pragma once
// /api/v1/tasks: API.md's Tasks section.

namespace tessera::http {
class Router;
}
namespace tessera::services {
class TaskStatus;
}

namespace tessera::api {

void add_task_routes(http::Router& router, services::TaskStatus& tasks);

}  // namespace tessera::api
