#include "services/task_status.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "redis/client.hpp"
#include "services/errors.hpp"

namespace tessera::services {
namespace {

// What a user reads of a failed task: a sentence chosen by the error's type, with the type
// for those who know Celery's. The exception's own text (a path, an SMTP reply, SQL) stays
// in the worker's log with the task id.
std::string error_sentence(const queue::TaskError& error) {
  const std::string& type = error.type;
  std::string sentence;
  if (type == "TimeLimitExceeded" || type == "SoftTimeLimitExceeded")
    sentence = "The task took too long and was stopped.";
  else if (type == "WorkerLostError")
    sentence = "The task stopped its worker several times and was set aside.";
  else if (type == "ConnectionError")
    sentence = "A service the task needs was unavailable.";
  else if (type == "TypeError")
    sentence = "The task was sent with arguments it does not take.";
  else if (type == "NotRegistered")
    sentence = "No worker knows this task.";
  else if (type == "TaskRevokedError")
    sentence = "The task expired before a worker could run it.";
  else
    sentence = "The task failed.";
  const bool plain_name = !type.empty() && type.size() <= 64 &&
                          std::all_of(type.begin(), type.end(), [](unsigned char c) {
                            return std::isalnum(c) || c == '_' || c == '.';
                          });
  return plain_name ? sentence + " (" + type + ")" : sentence;
}

namespace asio = boost::asio;
namespace json = boost::json;

std::string owner_key(core::Uuid task_id) {
  return "tessera:task_owner:" + task_id.str();
}

[[noreturn]] void not_found() {
  throw NotFound("Task not found");
}

struct Owner {
  core::Uuid user;
  std::string name;
};

std::optional<Owner> parse_owner(std::string_view text) {
  std::error_code error;
  const json::value value = json::parse(text, error);
  const json::object* fields = error ? nullptr : value.if_object();
  const json::value* user = fields ? fields->if_contains("user") : nullptr;
  const json::value* name = fields ? fields->if_contains("name") : nullptr;
  if (!user || !user->is_string() || !name || !name->is_string()) return std::nullopt;
  const auto id = core::Uuid::parse(std::string(user->get_string()));
  if (!id) return std::nullopt;
  return Owner{*id, std::string(name->get_string())};
}

}  // namespace

TaskStatus::TaskStatus(redis::ThreadClients& redis, std::chrono::seconds result_ttl)
    : redis_(redis), results_(result_ttl) {}

asio::awaitable<void> TaskStatus::record(core::Uuid task_id, core::Uuid user,
                                         std::string_view name) {
  std::string text = json::serialize(json::object{{"user", user.str()}, {"name", name}});
  redis::SetOptions options;
  options.ttl = std::chrono::duration_cast<std::chrono::milliseconds>(results_.ttl());
  co_await redis_.local().set(owner_key(task_id), std::move(text), options);
}

asio::awaitable<void> TaskStatus::forget(core::Uuid task_id) {
  co_await redis_.local().del(owner_key(task_id));
}

asio::awaitable<std::optional<OwnedTask>> find_task(redis::Client& client,
                                                    const queue::ResultStore& results,
                                                    core::Uuid task_id) {
  const auto text = co_await client.get(owner_key(task_id));
  const auto owner = text ? parse_owner(*text) : std::nullopt;
  std::optional<queue::TaskResult> result;
  try {
    result = co_await results.fetch(client, task_id);
  } catch (const queue::MessageError&) {
    result.reset();  // a record nobody here wrote: nothing to show but PENDING
  }
  // A task nobody started through the API and no worker has taken: nothing is known of it.
  if (!owner && !result) co_return std::nullopt;
  OwnedTask out{.view = {.task_id = task_id}};
  TaskStatusView& view = out.view;
  if (owner) {
    out.owner = owner->user;
    view.name = owner->name;
  }
  if (!result) co_return out;  // not picked up yet: PENDING, as Celery says
  if (!owner && result->name) view.name = *result->name;
  view.state = result->state;
  view.retries = result->retries.value_or(0);
  view.date_done = result->date_done;
  if (result->state == queue::TaskState::SUCCESS) view.result = std::move(result->result);
  if (result->error) view.error = error_sentence(*result->error);
  co_return out;
}

asio::awaitable<TaskStatusView> TaskStatus::get(core::Uuid task_id, core::Uuid user,
                                                bool is_superuser) {
  auto found = co_await find_task(redis_.local(), results_, task_id);
  // Another user's task is "not found", never "forbidden" (API.md); a superuser reads any.
  if (!found || (!is_superuser && found->owner != user)) not_found();
  co_return std::move(found->view);
}

}  // namespace tessera::services
