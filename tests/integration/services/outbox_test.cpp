// The transactional outbox against the real PostgreSQL and Redis: a task is queued exactly
// when its transaction commits, a relay that dies mid-batch queues nothing twice, and
// relays running side by side share the rows.

#include <thread>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "mappers/mapper_test_support.hpp"
#include "queue/task_message.hpp"
#include "redis/redis_test_support.hpp"
#include "services/task_outbox.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

struct PingArgs {
  static constexpr std::string_view task = "t.ping";
  int n = 0;
};
BOOST_DESCRIBE_STRUCT(PingArgs, (), (n))

class OutboxTest : public mappers::testing::MapperTest {
 protected:
  OutboxTest() {
    const std::string prefix = redis::testing::unique_prefix("outbox");
    keys.scheduled = prefix + "scheduled";
    keys.dead = prefix + "dead";
    keys.sent_prefix = prefix + "sent:";
    queue = prefix + "queue";
  }
  ~OutboxTest() override { client.close(); }

  // The Redis client's open connection keeps `io` busy: run until the work is done.
  template <class T>
  T run(asio::awaitable<T> work) {
    return redis::testing::run(io, std::move(work));
  }

  // `count` tasks written in one transaction, committed or rolled back.
  std::vector<core::Uuid> add(int count, bool commit = true,
                              std::optional<std::chrono::milliseconds> countdown = {}) {
    return run([&, count, commit]() -> asio::awaitable<std::vector<core::Uuid>> {
      std::vector<core::Uuid> ids;
      auto tx = co_await pool.begin();
      for (int i = 0; i < count; ++i) {
        queue::EnqueueOptions options;
        options.queue = queue;
        options.countdown = countdown;
        ids.push_back(co_await outbox.add(tx, PingArgs{.n = i}, std::move(options)));
      }
      if (commit) co_await tx.commit();
      co_return ids;
    }());
  }

  std::int64_t queued() {
    redis::Args llen{"LLEN", queue};
    return redis::testing::run(io, client.execute(llen)).as_integer();
  }
  std::int64_t waiting() { return run(rows.count(pool)); }

  redis::Client client{io.get_executor(), redis::testing::client_options()};
  queue::QueueKeys keys;
  std::string queue;
  TaskOutbox outbox;
  mappers::OutboxMapper rows;
};

TEST_F(OutboxTest, ACommittedTaskIsQueuedOnceAndLeavesTheOutbox) {
  const auto ids = add(3);
  OutboxRelay relay(pool, client, keys);
  EXPECT_EQ(run(relay.relay_once()), 3u);
  EXPECT_EQ(queued(), 3);
  EXPECT_EQ(waiting(), 0);
  EXPECT_EQ(run(relay.relay_once()), 0u);
  EXPECT_EQ(queued(), 3);
  // What the worker takes is the task as declared, with its id.
  redis::Args rpop{"RPOP", queue};
  const auto message =
      queue::decode_message(redis::testing::run(io, client.execute(rpop)).as_string());
  EXPECT_EQ(message.name, "t.ping");
  EXPECT_EQ(message.id, ids[0]);
  EXPECT_EQ(message.kwargs.at("n"), 0);
}

TEST_F(OutboxTest, ARolledBackTaskIsNeverQueued) {
  add(2, false);
  OutboxRelay relay(pool, client, keys);
  EXPECT_EQ(run(relay.relay_once()), 0u);
  EXPECT_EQ(queued(), 0);
}

TEST_F(OutboxTest, ARelayThatDiesMidBatchQueuesNothingTwice) {
  add(5);
  // A relay sends the batch, then dies before deleting its rows: they stay in the outbox.
  const queue::Broker broker(keys);
  run([&]() -> asio::awaitable<void> {
    auto tx = co_await pool.begin();
    std::vector<queue::OnceMessage> batch;
    for (const auto& row : co_await rows.take(tx, 3))
      batch.push_back({row.task_id, row.queue, row.envelope, row.due});
    co_await broker.send_once(client, batch, 1h);
    co_await tx.rollback();
  }());
  EXPECT_EQ(queued(), 3);
  EXPECT_EQ(waiting(), 5);
  // The next relay sends every row again: the three already sent are skipped.
  OutboxRelay relay(pool, client, keys);
  EXPECT_EQ(run(relay.relay_once()), 5u);
  EXPECT_EQ(queued(), 5);
  EXPECT_EQ(relay.duplicates_skipped(), 3u);
  EXPECT_EQ(waiting(), 0);
}

TEST_F(OutboxTest, RelaysSideBySideShareTheRowsAndQueueEachOnce) {
  add(300);
  std::atomic<std::uint64_t> relayed{0};
  const auto relay_all = [&] {
    asio::io_context own;
    db::Pool own_pool(own.get_executor(), mappers::testing::schema_options(), {.size = 2});
    redis::Client own_client(own.get_executor(), redis::testing::client_options());
    OutboxRelay relay(own_pool, own_client, keys, {.batch = 7});
    while (redis::testing::run(own, relay.relay_once()) > 0) {
    }
    relayed += relay.relayed();
    own_client.close();
  };
  std::thread a(relay_all), b(relay_all);
  a.join();
  b.join();
  EXPECT_EQ(relayed, 300u);
  EXPECT_EQ(queued(), 300);
  EXPECT_EQ(waiting(), 0);
}

TEST_F(OutboxTest, ADelayedTaskWaitsInTheScheduledSet) {
  add(1, true, 60s);
  OutboxRelay relay(pool, client, keys);
  EXPECT_EQ(run(relay.relay_once()), 1u);
  EXPECT_EQ(queued(), 0);
  redis::Args zcard{"ZCARD", keys.scheduled};
  EXPECT_EQ(redis::testing::run(io, client.execute(zcard)).as_integer(), 1);
}

}  // namespace
}  // namespace tessera::services
