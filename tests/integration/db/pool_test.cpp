#include "db/pool.hpp"

#include <optional>
#include <string>
#include <thread>

#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "db/db_test_support.hpp"
#include "db/errors.hpp"
#include "db/transaction.hpp"

namespace tessera::db {
namespace {

using testing::connect_options;
using testing::run;
namespace asio = boost::asio;
using namespace std::chrono_literals;

class PoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table = testing::unique_table("pool");
    run(io, pool.execute({"create_" + table, "CREATE TABLE " + table + " (name text PRIMARY KEY)"},
                         {}));
    insert = {"insert_" + table, "INSERT INTO " + table + " (name) VALUES ($1)"};
    count = {"count_" + table, "SELECT count(*) FROM " + table};
  }
  void TearDown() override { run(io, pool.execute({"drop_" + table, "DROP TABLE " + table}, {})); }

  std::int64_t rows() {
    return run(io, pool.execute({count_name(), count_sql()}, {})).scalar<std::int64_t>();
  }
  std::string count_name() const { return std::string(count.name); }
  std::string count_sql() const { return std::string(count.sql); }

  asio::io_context io;
  // A wait for a connection far longer than any test needs: only the test of the bound
  // itself (with a pool of its own) sees it end.
  Pool pool{io.get_executor(), connect_options(), PoolOptions{.size = 2, .acquire_timeout = 30s}};
  std::string table;
  struct OwnedQuery {
    std::string name, sql;
    operator Query() const { return {name, sql}; }
  } insert, count;
};

TEST_F(PoolTest, CommittedTransactionKeepsItsRows) {
  run(io, [&]() -> asio::awaitable<void> {
    auto tx = co_await pool.begin();
    co_await tx.run(insert, "a");
    co_await tx.run(insert, "b");
    co_await tx.commit();
  }());
  EXPECT_EQ(rows(), 2);
}

TEST_F(PoolTest, TransactionLeftByAnExceptionRollsBack) {
  EXPECT_THROW(run(io,
                   [&]() -> asio::awaitable<void> {
                     auto tx = co_await pool.begin();
                     co_await tx.run(insert, "a");
                     throw std::runtime_error("the handler failed");
                   }()),
               std::runtime_error);
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(pool.stats().open, pool.stats().idle);  // the connection came back
}

TEST_F(PoolTest, CommitAfterAFailedStatementIsAnError) {
  EXPECT_THROW(run(io,
                   [&]() -> asio::awaitable<void> {
                     auto tx = co_await pool.begin();
                     co_await tx.run(insert, "a");
                     try {
                       co_await tx.run(insert, "a");  // duplicate: the transaction is now aborted
                     } catch (const ConflictError&) {
                     }
                     co_await tx.commit();
                   }()),
               DbError);
  EXPECT_EQ(rows(), 0);
}

TEST_F(PoolTest, ExhaustedPoolWaitsABoundedTimeThenIsUnavailable) {
  Pool bounded{io.get_executor(), connect_options(),
               PoolOptions{.size = 2, .acquire_timeout = 300ms}};
  run(io, [&]() -> asio::awaitable<void> {
    auto first = co_await bounded.acquire();
    auto second = co_await bounded.acquire();
    const auto started = std::chrono::steady_clock::now();
    EXPECT_THROW(co_await bounded.acquire(), core::UnavailableError);
    EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);
    EXPECT_EQ(bounded.stats().acquire_timeouts, 1u);
  }());
}

TEST_F(PoolTest, AWaiterGetsTheConnectionReleasedBeforeItsDeadline) {
  run(io, [&]() -> asio::awaitable<void> {
    auto first = co_await pool.acquire();
    std::optional<Lease> second(co_await pool.acquire());
    std::size_t waiting = 0;
    asio::steady_timer later(io, 50ms);
    later.async_wait([&](auto) {
      waiting = pool.stats().waiters;
      second.reset();
    });
    auto third = co_await pool.acquire();  // handed over when `second` returns
    EXPECT_EQ(waiting, 1u);                // it was waiting for it then
    EXPECT_EQ(pool.stats().open, 2u);
    EXPECT_EQ(pool.stats().acquire_timeouts, 0u);
  }());
}

// Parameters, not lambda captures: a spawned coroutine outlives the lambda that made it.
asio::awaitable<void> insert_row(Pool& pool, Query insert, std::string name, int& done) {
  co_await pool.run(insert, name);
  ++done;
}

TEST_F(PoolTest, ManyCoroutinesShareTheBoundedPool) {
  int done = 0;
  for (int i = 0; i < 50; ++i)
    asio::co_spawn(io, insert_row(pool, insert, "row" + std::to_string(i), done), asio::detached);
  io.restart();
  io.run();
  EXPECT_EQ(done, 50);
  EXPECT_EQ(rows(), 50);
  EXPECT_LE(pool.stats().open, 2u);
}

TEST_F(PoolTest, RecoversWhenTheServerRestarts) {
  EXPECT_EQ(rows(), 0);  // a connection is open and idle now
  ASSERT_EQ(testing::services("down", "postgres"), 0);
  EXPECT_THROW(rows(), core::UnavailableError);  // down: a clear error, not a hang
  ASSERT_EQ(testing::services("up", "postgres"), 0);
  // Same pool, same process: it answers again once a try comes past its reconnect backoff.
  std::optional<std::int64_t> after;
  std::string error;
  for (const auto deadline = std::chrono::steady_clock::now() + 30s;
       !after && std::chrono::steady_clock::now() < deadline;) {
    try {
      after = rows();
    } catch (const std::exception& e) {
      error = e.what();
      std::this_thread::sleep_for(50ms);
    }
  }
  EXPECT_EQ(after, 0) << error;
}

}  // namespace
}  // namespace tessera::db
