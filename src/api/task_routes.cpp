#include "api/task_routes.hpp"

#include <optional>
#include <string>

#include <boost/describe/class.hpp>
#include <boost/json/value.hpp>

#include "api/authentication.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "http/context.hpp"
#include "http/router.hpp"
#include "queue/task_result.hpp"
#include "schema/encode.hpp"
#include "schema/schema.hpp"
#include "services/task_status.hpp"

namespace tessera::api {

struct TaskPublic {
  core::Uuid task_id;
  std::string name;
  queue::TaskState status = queue::TaskState::PENDING;
  boost::json::value result;
  std::optional<std::string> error;
  int retries = 0;
  std::optional<core::Timestamp> date_done;
};
BOOST_DESCRIBE_STRUCT(TaskPublic, (), (task_id, name, status, result, error, retries, date_done))

namespace {

namespace asio = boost::asio;

TaskPublic to_public(services::TaskStatusView view) {
  return TaskPublic{view.task_id,           std::move(view.name),  view.state,
                    std::move(view.result), std::move(view.error), view.retries,
                    view.date_done};
}

}  // namespace

std::string task_public_json(services::TaskStatusView view) {
  return schema::to_json_string(to_public(std::move(view)));
}

void add_task_routes(http::Router& router, services::TaskStatus& tasks) {
  router.get("/api/v1/tasks/{task_id:uuid}",
             {.summary = "A background task you started: its state and result",
              .tags = {"tasks"},
              .auth = http::Auth::user,
              .errors = {404}},
             [&tasks](http::Context& ctx) -> asio::awaitable<TaskPublic> {
               const auto& who = principal(ctx).user;
               co_return to_public(
                   co_await tasks.get(ctx.uuid_param("task_id"), who.id, who.is_superuser));
             });
}

}  // namespace tessera::api
