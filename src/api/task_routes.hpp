#pragma once
// /api/v1/tasks: API.md's Tasks section.

#include <string>

namespace tessera::http {
class Router;
}
namespace tessera::services {
class TaskStatus;
struct TaskStatusView;
}  // namespace tessera::services

namespace tessera::api {

void add_task_routes(http::Router& router, services::TaskStatus& tasks);

// The TaskPublic JSON of a task, as GET /api/v1/tasks/{id} answers it (for its events).
std::string task_public_json(services::TaskStatusView view);

}  // namespace tessera::api
