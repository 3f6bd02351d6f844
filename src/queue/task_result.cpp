#include "queue/task_result.hpp"

#include <array>
#include <climits>
#include <utility>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "queue/json_fields.hpp"

namespace tessera::queue {
namespace {

namespace json = boost::json;
using namespace detail;

constexpr std::array<std::pair<TaskState, std::string_view>, 5> kStateNames{{
    {TaskState::PENDING, "PENDING"},
    {TaskState::STARTED, "STARTED"},
    {TaskState::RETRY, "RETRY"},
    {TaskState::SUCCESS, "SUCCESS"},
    {TaskState::FAILURE, "FAILURE"},
}};

json::value error_value(const TaskError& error) {
  return json::object{{"exc_type", error.type},
                      {"exc_message", json::array{json::value(error.message)}},
                      {"exc_module", error.module}};
}

// Celery stores the exception's args; Tessera's errors have one, Python's may have several.
std::string exception_message(const json::value& args) {
  if (args.is_null()) return {};
  if (args.is_string()) return std::string(args.get_string());
  if (!args.is_array()) return json::serialize(args);
  std::string text;
  for (const json::value& arg : args.get_array()) {
    if (!text.empty()) text += ", ";
    text += arg.is_string() ? std::string(arg.get_string()) : json::serialize(arg);
  }
  return text;
}

// A result that is not an exception object (another serializer wrote it, or a task failed
// with a result set by hand) is kept as is, without a parsed error.
std::optional<TaskError> read_error(const json::value& result) {
  if (!result.is_object() || !result.get_object().contains("exc_type")) return std::nullopt;
  const json::object& object = result.get_object();
  TaskError error;
  error.type = std::string(required_string(object, "exc_type", "result.exc_type"));
  error.module =
      std::string(optional_string(object, "exc_module", "result.exc_module").value_or(""));
  if (const json::value* args = object.if_contains("exc_message"))
    error.message = exception_message(*args);
  return error;
}

}  // namespace

std::string_view state_name(TaskState state) {
  for (const auto& [value, name] : kStateNames)
    if (value == state) return name;
  return "PENDING";
}

std::optional<TaskState> parse_state(std::string_view name) {
  for (const auto& [value, state_text] : kStateNames)
    if (state_text == name) return value;
  return std::nullopt;
}

bool is_ready(TaskState state) {
  return state == TaskState::SUCCESS || state == TaskState::FAILURE;
}

std::string result_key(const core::Uuid& task_id) {
  return "celery-task-meta-" + task_id.str();
}

TaskResult success_result(const core::Uuid& task_id, json::value value, core::Timestamp done) {
  return {.task_id = task_id,
          .state = TaskState::SUCCESS,
          .result = std::move(value),
          .date_done = done};
}

TaskResult failure_result(const core::Uuid& task_id, TaskError error, std::string traceback,
                          core::Timestamp done) {
  json::value result = error_value(error);
  return {.task_id = task_id,
          .state = TaskState::FAILURE,
          .result = std::move(result),
          .error = std::move(error),
          .traceback = std::move(traceback),
          .date_done = done};
}

TaskResult retry_result(const core::Uuid& task_id, std::string message, std::string traceback) {
  TaskError error{.type = "Retry", .message = std::move(message), .module = "celery.exceptions"};
  json::value result = error_value(error);
  return {.task_id = task_id,
          .state = TaskState::RETRY,
          .result = std::move(result),
          .error = std::move(error),
          .traceback = std::move(traceback)};
}

TaskResult started_result(const core::Uuid& task_id, std::string_view hostname, long pid) {
  return {.task_id = task_id,
          .state = TaskState::STARTED,
          .result = json::object{{"pid", pid}, {"hostname", hostname}}};
}

std::string encode_result(const TaskResult& r) {
  json::object meta;
  meta["status"] = state_name(r.state);
  meta["result"] = r.error ? error_value(*r.error) : r.result;
  meta["traceback"] = r.traceback ? json::value(*r.traceback) : json::value(nullptr);
  meta["children"] = json::array{};
  meta["date_done"] = r.date_done ? json::value(format_iso8601(*r.date_done)) : nullptr;
  if (r.retries) meta["retries"] = *r.retries;
  if (r.name) meta["name"] = *r.name;
  meta["task_id"] = r.task_id.str();
  return json::serialize(meta);
}

TaskResult decode_result(std::string_view text) {
  const json::value root = parse_json(text, "result record");
  const json::object& meta = as_object(root, "result record");
  TaskResult r;
  const auto status = required_string(meta, "status", "status");
  const auto state = parse_state(status);
  if (!state) fail("status", "unsupported state \"" + std::string(status.substr(0, 32)) + "\"");
  r.state = *state;
  r.task_id = required_uuid(meta, "task_id", "task_id");
  if (const json::value* result = meta.if_contains("result")) r.result = *result;
  if (r.state == TaskState::FAILURE || r.state == TaskState::RETRY) r.error = read_error(r.result);
  if (const auto traceback = optional_string(meta, "traceback", "traceback"))
    r.traceback = std::string(*traceback);
  r.date_done = optional_time(meta, "date_done", "date_done");
  if (const json::value* children = find_present(meta, "children");
      children && !children->is_array())
    fail("children", "expected a JSON array");
  if (const auto retries = optional_integer(meta, "retries", "retries")) {
    if (*retries < 0 || *retries > INT_MAX) fail("retries", "out of range");
    r.retries = int(*retries);
  }
  if (const auto name = optional_string(meta, "name", "name")) r.name = std::string(*name);
  return r;
}

}  // namespace tessera::queue
