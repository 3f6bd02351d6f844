#pragma once
// A task's state and result as Celery's Redis backend stores them (JSON at
// "celery-task-meta-<id>"), so Python's AsyncResult.get() reads what Tessera's workers write.

#include <optional>
#include <string>
#include <string_view>

#include <boost/describe/enum.hpp>
#include <boost/json/value.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "queue/message_error.hpp"

namespace tessera::queue {

enum class TaskState { PENDING, STARTED, RETRY, SUCCESS, FAILURE };
BOOST_DESCRIBE_ENUM(TaskState, PENDING, STARTED, RETRY, SUCCESS, FAILURE)

// Celery's names: "PENDING", "STARTED", "RETRY", "SUCCESS", "FAILURE".
std::string_view state_name(TaskState state);
std::optional<TaskState> parse_state(std::string_view name);
// SUCCESS and FAILURE: the task will not change state again.
bool is_ready(TaskState state);

// A Python exception as Celery serialises it with the json serializer.
struct TaskError {
  std::string type = "Exception";   // exc_type
  std::string message;              // exc_message, Celery's one-element args list
  std::string module = "builtins";  // exc_module

  friend bool operator==(const TaskError&, const TaskError&) = default;
};

struct TaskResult {
  core::Uuid task_id;
  TaskState state = TaskState::PENDING;
  // SUCCESS: the return value. STARTED: {"pid", "hostname"}. RETRY and FAILURE: the
  // exception object as stored (error holds it parsed).
  boost::json::value result;
  // RETRY and FAILURE. When set, encode_result writes it as the result.
  std::optional<TaskError> error;
  std::optional<std::string> traceback;
  // Celery sets it for SUCCESS and FAILURE only.
  std::optional<core::Timestamp> date_done;
  // Written by Celery's extended results (and by Tessera's workers) only.
  std::optional<int> retries;
  std::optional<std::string> name;  // the task's name

  friend bool operator==(const TaskResult&, const TaskResult&) = default;
};

// "celery-task-meta-<id>".
std::string result_key(const core::Uuid& task_id);

TaskResult success_result(const core::Uuid& task_id, boost::json::value value,
                          core::Timestamp done);
TaskResult failure_result(const core::Uuid& task_id, TaskError error, std::string traceback,
                          core::Timestamp done);
// Celery's RETRY record holds a celery.exceptions.Retry whose message says when.
TaskResult retry_result(const core::Uuid& task_id, std::string message, std::string traceback);
TaskResult started_result(const core::Uuid& task_id, std::string_view hostname, long pid);

std::string encode_result(const TaskResult& result);
// Reads what encode_result and Celery 4/5 write; throws MessageError otherwise.
TaskResult decode_result(std::string_view text);

}  // namespace tessera::queue
