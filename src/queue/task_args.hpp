#pragma once
// A task's arguments, declared once as a described struct beside the task's name
// (src/tasks/*_args.hpp):
//
//   struct ProcessImageArgs {
//     static constexpr std::string_view task = "tessera.process_image";
//     core::Uuid image_id;
//   };
//   BOOST_DESCRIBE_STRUCT(ProcessImageArgs, (), (image_id))
//
// On the wire they are Celery keyword arguments named after the fields (what a Python
// client sends: `send_task("tessera.process_image", kwargs={"image_id": ...})`); positional
// arguments are taken in the fields' order. The schema layer decodes them, so a bad one is
// reported as a request's would be.

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/mp11/algorithm.hpp>

#include "queue/task_registry.hpp"
#include "schema/decode.hpp"
#include "schema/encode.hpp"
#include "schema/traits.hpp"

namespace tessera::queue {

// Arguments that do not fit the task: running it again cannot help. The message is
// dead-lettered with this reason (as Python reports a bad call: a TypeError).
class InvalidTaskArguments : public PermanentTaskError {
 public:
  using PermanentTaskError::PermanentTaskError;
};

template <class Args>
boost::json::object task_kwargs(const Args& args) {
  static_assert(schema::is_described_struct_v<Args>, "task arguments are a described struct");
  return schema::encode(args).as_object();
}

// Throws InvalidTaskArguments: "tessera.process_image: image_id: Input should be a valid
// UUID ...", "... got an unexpected keyword argument 'x'", "... takes 1 positional argument".
template <class Args>
Args decode_task_args(const boost::json::array& args, const boost::json::object& kwargs) {
  const std::string task(Args::task);
  boost::json::object fields;
  std::size_t position = 0;
  boost::mp11::mp_for_each<schema::described_fields<Args>>([&](auto field) {
    if (position < args.size()) fields[field.name] = args[position];
    ++position;
  });
  if (args.size() > position)
    throw InvalidTaskArguments(task + " takes " + std::to_string(position) +
                               " positional argument(s) but " + std::to_string(args.size()) +
                               " were given");
  for (const auto& [name, value] : kwargs) {
    bool known = false;
    boost::mp11::mp_for_each<schema::described_fields<Args>>(
        [&](auto field) { known = known || name == field.name; });
    if (!known)
      throw InvalidTaskArguments(task + " got an unexpected keyword argument '" +
                                 std::string(name) + "'");
    if (fields.contains(name))
      throw InvalidTaskArguments(task + " got multiple values for argument '" + std::string(name) +
                                 "'");
    fields[name] = value;
  }
  try {
    return schema::decode<Args>(fields, schema::Loc{std::string("kwargs")});
  } catch (const schema::ValidationError& e) {
    throw InvalidTaskArguments(task + ": " + e.what());
  }
}

// Registers Args::task: `handler(TaskContext&, const Args&) -> awaitable<json::value>` runs
// on the worker's I/O thread with the decoded arguments.
template <class Args, class Handler>
void add_task(TaskRegistry& registry, Handler handler, TaskOptions options = {}) {
  registry.add(
      std::string(Args::task),
      [handler =
           std::move(handler)](TaskContext& task) -> boost::asio::awaitable<boost::json::value> {
        const Args args = decode_task_args<Args>(task.args, task.kwargs);
        co_return co_await handler(task, args);
      },
      options);
}

// A failure hook that receives the task's decoded arguments: `hook(const TaskFailure&, const
// Args&) -> awaitable<void>`. Arguments that do not decode (the very reason of some
// failures) skip the hook.
template <class Args, class Hook>
FailureHandler failure_handler(Hook hook) {
  return [hook = std::move(hook)](const TaskFailure& failure) -> boost::asio::awaitable<void> {
    std::optional<Args> args;
    try {
      args = decode_task_args<Args>(failure.task.args, failure.task.kwargs);
    } catch (const InvalidTaskArguments&) {
    }
    if (args) co_await hook(failure, *args);
  };
}

// Registers Args::task with a blocking `handler(const TaskContext&, const Args&) ->
// json::value`, run on the worker's thread pool.
template <class Args, class Handler>
void add_blocking_task(TaskRegistry& registry, Handler handler, TaskOptions options = {}) {
  registry.add_blocking(
      std::string(Args::task),
      [handler = std::move(handler)](const TaskContext& task) {
        return handler(task, decode_task_args<Args>(task.args, task.kwargs));
      },
      options);
}

}  // namespace tessera::queue
