#pragma once
// Who started which background task, and what became of it (GET /api/v1/tasks/{id}). The
// state and result are the worker's Celery-style records; the owner and the task's name
// are kept beside them, for as long as results are kept. A superuser reads any task.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "queue/result_store.hpp"
#include "redis/thread_clients.hpp"

namespace tessera::services {

struct TaskStatusView {
  core::Uuid task_id;
  std::string name;
  queue::TaskState state = queue::TaskState::PENDING;
  boost::json::value result;  // SUCCESS: the return value; null otherwise
  std::optional<std::string> error;
  int retries = 0;
  std::optional<core::Timestamp> date_done;
};

// A task as its owner sees it, with the owner when the API recorded one.
struct OwnedTask {
  std::optional<core::Uuid> owner;
  TaskStatusView view;
};
// What is known of the task (its owner record and its result); nullopt when nothing is.
boost::asio::awaitable<std::optional<OwnedTask>> find_task(redis::Client& client,
                                                           const queue::ResultStore& results,
                                                           core::Uuid task_id);

class TaskStatus {
 public:
  TaskStatus(redis::ThreadClients& redis, std::chrono::seconds result_ttl);

  // Records that `user` started task `task_id` named `name`; call it before the task is
  // sent, so that its status can be asked for at once.
  boost::asio::awaitable<void> record(core::Uuid task_id, core::Uuid user, std::string_view name);
  // Forgets the record (the task could not be sent after all).
  boost::asio::awaitable<void> forget(core::Uuid task_id);

  // NotFound unless `user` started it through the API; a superuser reads any task whose
  // result record exists (started by anyone, a Celery client included).
  boost::asio::awaitable<TaskStatusView> get(core::Uuid task_id, core::Uuid user,
                                             bool is_superuser);

 private:
  redis::ThreadClients& redis_;
  queue::ResultStore results_;
};

}  // namespace tessera::services
