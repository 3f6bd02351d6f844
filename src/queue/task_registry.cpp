#include "queue/task_registry.hpp"

namespace tessera::queue {

namespace json = boost::json;

void TaskRegistry::add(std::string name, AsyncTaskHandler handler, TaskOptions options) {
  insert(TaskDefinition{std::move(name), std::move(handler), {}, options});
}

void TaskRegistry::add_blocking(std::string name, BlockingTaskHandler handler,
                                TaskOptions options) {
  insert(TaskDefinition{std::move(name), {}, std::move(handler), options});
}

void TaskRegistry::insert(TaskDefinition definition) {
  if (definition.name.empty()) throw std::invalid_argument("a task needs a name");
  if (!definition.async && !definition.blocking)
    throw std::invalid_argument("task " + definition.name + " has no handler");
  std::string name = definition.name;
  if (!tasks_.emplace(name, std::move(definition)).second)
    throw std::invalid_argument("task " + name + " is registered twice");
}

const TaskDefinition* TaskRegistry::find(std::string_view name) const {
  const auto it = tasks_.find(name);
  return it == tasks_.end() ? nullptr : &it->second;
}

std::vector<std::string> TaskRegistry::names() const {
  std::vector<std::string> names;
  for (const auto& [name, definition] : tasks_) names.push_back(name);
  return names;
}

void add_builtin_tasks(TaskRegistry& registry) {
  registry.add("tessera.echo", [](TaskContext& task) -> boost::asio::awaitable<json::value> {
    if (task.kwargs.empty()) co_return task.args;
    co_return json::object{{"args", task.args}, {"kwargs", task.kwargs}};
  });
}

}  // namespace tessera::queue
