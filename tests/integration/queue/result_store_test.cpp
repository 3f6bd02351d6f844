#include "queue/result_store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "redis/client.hpp"
#include "redis/redis_test_support.hpp"

namespace tessera::queue {
namespace {

using redis::testing::client_options;
using redis::testing::run;
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

class ResultStoreTest : public ::testing::Test {
 protected:
  void TearDown() override { run(io, client.del(result_key(id))); }

  std::int64_t pttl() {
    return run(io, [&]() -> asio::awaitable<std::int64_t> {
      co_return (co_await client.command("PTTL", result_key(id))).as_integer();
    }());
  }

  asio::io_context io;
  redis::Client client{io.get_executor(), client_options()};
  ResultStore store{60s};
  core::Uuid id = core::Uuid::random();
};

TEST_F(ResultStoreTest, UnknownTaskHasNoRecord) {
  EXPECT_EQ(run(io, store.fetch(client, id)), std::nullopt);
}

TEST_F(ResultStoreTest, SuccessRoundTripsWithTtl) {
  EXPECT_TRUE(run(io, store.mark_started(client, id, "host", 42)));
  auto started = run(io, store.fetch(client, id));
  ASSERT_TRUE(started);
  EXPECT_EQ(started->state, TaskState::STARTED);

  const json::value value = json::parse(R"({"echo":[1,"a"]})");
  EXPECT_TRUE(run(io, store.mark_success(client, id, value)));
  const auto done = run(io, store.fetch(client, id));
  ASSERT_TRUE(done);
  EXPECT_EQ(done->task_id, id);
  EXPECT_EQ(done->state, TaskState::SUCCESS);
  EXPECT_EQ(done->result, value);
  EXPECT_TRUE(done->date_done);
  EXPECT_GT(pttl(), 0);
  EXPECT_LE(pttl(), 60000);

  // Celery's record layout, for Python's AsyncResult.
  const auto raw = run(io, client.get(result_key(id)));
  ASSERT_TRUE(raw);
  const json::object record = json::parse(*raw).as_object();
  EXPECT_EQ(record.at("status").as_string(), "SUCCESS");
  EXPECT_EQ(record.at("task_id").as_string(), id.str());
}

TEST_F(ResultStoreTest, SuccessIsNeverOverwritten) {
  EXPECT_TRUE(run(io, store.mark_success(client, id, json::value(7))));
  // A redelivered copy of the task starts again: the stored result stays.
  EXPECT_FALSE(run(io, store.mark_started(client, id, "host", 1)));
  EXPECT_FALSE(run(io, store.mark_failure(client, id, TaskError{.message = "late"})));
  const auto record = run(io, store.fetch(client, id));
  ASSERT_TRUE(record);
  EXPECT_EQ(record->state, TaskState::SUCCESS);
  EXPECT_EQ(record->result, json::value(7));
}

TEST_F(ResultStoreTest, FailureAndRetryRoundTrip) {
  EXPECT_TRUE(run(io, store.mark_retry(client, id, "Retry in 2s", "trace 1")));
  auto record = run(io, store.fetch(client, id));
  ASSERT_TRUE(record);
  EXPECT_EQ(record->state, TaskState::RETRY);

  const TaskError error{.type = "ValueError", .message = "bad input"};
  EXPECT_TRUE(run(io, store.mark_failure(client, id, error, "trace 2")));
  record = run(io, store.fetch(client, id));
  ASSERT_TRUE(record);
  EXPECT_EQ(record->state, TaskState::FAILURE);
  ASSERT_TRUE(record->error);
  EXPECT_EQ(record->error->type, "ValueError");
  EXPECT_EQ(record->error->message, "bad input");
  EXPECT_EQ(record->traceback, "trace 2");
  EXPECT_GT(pttl(), 0);
}

TEST_F(ResultStoreTest, DefaultTtlIsADay) {
  const ResultStore daily;
  EXPECT_EQ(daily.ttl(), 86400s);
  EXPECT_TRUE(run(io, daily.store(client, success_result(id, json::value("x"), core::now()))));
  EXPECT_GT(pttl(), 86000 * 1000);
}

}  // namespace
}  // namespace tessera::queue
