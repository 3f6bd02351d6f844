#include "queue/task_registry.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

namespace tessera::queue {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

json::value run_echo(const TaskRegistry& registry, TaskContext context) {
  const TaskDefinition* echo = registry.find("tessera.echo");
  if (!echo || !echo->async) throw std::logic_error("no tessera.echo");
  asio::io_context io;
  auto result = asio::co_spawn(io, echo->async(context), asio::use_future);
  io.run();
  return result.get();
}

TEST(TaskRegistry, FindsWhatWasRegisteredAndNothingElse) {
  TaskRegistry registry;
  registry.add_blocking(
      "a.compute", [](const TaskContext&) -> json::value { return 1; },
      TaskOptions{.max_retries = 7});
  const TaskDefinition* found = registry.find("a.compute");
  ASSERT_NE(found, nullptr);
  EXPECT_TRUE(found->blocking);
  EXPECT_FALSE(found->async);
  EXPECT_EQ(found->options.max_retries, 7);
  EXPECT_EQ(registry.find("a.comput"), nullptr);
  EXPECT_EQ(registry.names(), std::vector<std::string>{"a.compute"});
}

TEST(TaskRegistry, RefusesDuplicatesEmptyNamesAndMissingHandlers) {
  TaskRegistry registry;
  add_builtin_tasks(registry);
  EXPECT_THROW(add_builtin_tasks(registry), std::invalid_argument);
  EXPECT_THROW(registry.add_blocking("", [](const TaskContext&) -> json::value { return 1; }),
               std::invalid_argument);
  EXPECT_THROW(registry.add("x", AsyncTaskHandler{}), std::invalid_argument);
}

TEST(TaskRegistry, EchoReturnsItsArguments) {
  TaskRegistry registry;
  add_builtin_tasks(registry);
  TaskContext context;
  context.args = json::array{1, "two", json::object{{"three", 3}}};
  EXPECT_EQ(run_echo(registry, context), context.args);
  context.kwargs = json::object{{"k", true}};
  EXPECT_EQ(run_echo(registry, context),
            (json::object{{"args", context.args}, {"kwargs", context.kwargs}}));
}

}  // namespace
}  // namespace tessera::queue
