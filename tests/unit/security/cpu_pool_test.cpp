#include "core/cpu_pool.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "core/errors.hpp"

#include "run_coroutine.hpp"

namespace tessera::core {
namespace {

namespace asio = boost::asio;
using test::run_coroutine;

struct Threads {
  std::thread::id worker;   // where the function ran
  std::thread::id resumed;  // where the coroutine went on afterwards
};

// Coroutines are plain functions here, never lambdas passed as temporaries (g++ 12).
asio::awaitable<Threads> where_it_runs(CpuPool& pool) {
  auto work = [] { return std::this_thread::get_id(); };
  Threads threads;
  threads.worker = co_await pool.run(work);
  threads.resumed = std::this_thread::get_id();
  co_return threads;
}

asio::awaitable<int> throws_from_the_pool(CpuPool& pool) {
  auto work = []() -> int { throw std::runtime_error("boom"); };
  co_return co_await pool.run(work);
}

asio::awaitable<int> counts_with_void(CpuPool& pool) {
  int calls = 0;
  auto work = [&calls] { ++calls; };
  co_await pool.run(work);
  co_await pool.run(work);
  co_return calls;
}

asio::awaitable<void> void_throws(CpuPool& pool) {
  auto work = [] { throw std::out_of_range("void boom"); };
  co_await pool.run(work);
}

// No default constructor and move-only: the result must travel without either.
struct Unique {
  explicit Unique(int v) : value(std::make_unique<int>(v)) {}
  std::unique_ptr<int> value;
};

asio::awaitable<int> move_only_result(CpuPool& pool) {
  auto work = [] { return Unique(42); };
  Unique result = co_await pool.run(work);
  co_return *result.value;
}

asio::awaitable<void> one_of_many(CpuPool& pool, std::atomic<int>& running, std::atomic<int>& peak,
                                  int& done) {
  auto work = [&running, &peak] {
    const int now = ++running;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    --running;
  };
  co_await pool.run(work);
  ++done;  // on the io_context's one thread: no race
}

// Takes the pool's thread until `release` (or a deadline, so that a failed test still ends).
asio::awaitable<int> held_until(CpuPool& pool, std::promise<void>& started,
                                std::shared_future<void> release) {
  auto work = [&started, release] {
    started.set_value();
    release.wait_for(std::chrono::seconds(30));
    return 0;
  };
  co_return co_await pool.run(work);
}

asio::awaitable<int> value_of(CpuPool& pool, int value) {
  auto work = [value] { return value; };
  co_return co_await pool.run(work);
}

template <class T>
bool is_ready(const std::future<T>& future) {
  return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

TEST(CpuPoolTest, RunsOnThePoolAndResumesOnTheCallersThread) {
  CpuPool pool(2);
  const Threads threads = run_coroutine(where_it_runs(pool));
  EXPECT_NE(threads.worker, std::this_thread::get_id());
  EXPECT_EQ(threads.resumed, std::this_thread::get_id());
}

TEST(CpuPoolTest, ResumesOnTheIoThreadThatAwaited) {
  CpuPool pool(1);
  asio::io_context io;
  auto future = asio::co_spawn(io, where_it_runs(pool), asio::use_future);
  std::thread::id io_thread;
  std::thread runner([&] {
    io_thread = std::this_thread::get_id();
    io.run();
  });
  const Threads threads = future.get();
  runner.join();
  EXPECT_EQ(threads.resumed, io_thread);
  EXPECT_NE(threads.worker, io_thread);
}

TEST(CpuPoolTest, RethrowsTheFunctionsExceptionInTheCaller) {
  CpuPool pool(1);
  EXPECT_THROW(
      {
        try {
          run_coroutine(throws_from_the_pool(pool));
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "boom");
          throw;
        }
      },
      std::runtime_error);
  EXPECT_THROW(run_coroutine(void_throws(pool)), std::out_of_range);
}

TEST(CpuPoolTest, RunsVoidFunctions) {
  CpuPool pool(1);
  EXPECT_EQ(run_coroutine(counts_with_void(pool)), 2);
}

TEST(CpuPoolTest, CarriesMoveOnlyResultsWithoutDefaultConstructor) {
  CpuPool pool(1);
  EXPECT_EQ(run_coroutine(move_only_result(pool)), 42);
}

TEST(CpuPoolTest, NeverRunsMoreFunctionsAtOnceThanItHasThreads) {
  CpuPool pool(2);
  asio::io_context io;
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  int done = 0;
  for (int i = 0; i < 20; ++i)
    asio::co_spawn(io, one_of_many(pool, running, peak, done), asio::detached);
  io.run();  // returns only once every task is back: pending work keeps io busy
  EXPECT_EQ(done, 20);
  EXPECT_GE(peak.load(), 1);
  EXPECT_LE(peak.load(), 2);
}

TEST(CpuPoolTest, AtLeastOneThread) {
  CpuPool pool(0);
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_EQ(run_coroutine(counts_with_void(pool)), 2);
}

TEST(CpuPoolTest, RefusesWorkAtOnceWhileMaxQueuedFunctionsWait) {
  // The io_context runs on this thread, by poll(), so that each submission is done when
  // poll() returns. Declared before the pool, which joins first and still reaches them.
  asio::io_context io;
  std::promise<void> started;
  std::promise<void> release;
  CpuPool pool(1, 2);

  auto held =
      asio::co_spawn(io, held_until(pool, started, release.get_future().share()), asio::use_future);
  io.poll();
  ASSERT_EQ(started.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  // The running function does not count: two more may wait.
  auto first = asio::co_spawn(io, value_of(pool, 1), asio::use_future);
  auto second = asio::co_spawn(io, value_of(pool, 2), asio::use_future);
  io.poll();
  auto refused = asio::co_spawn(io, value_of(pool, 3), asio::use_future);
  io.poll();  // the refusal is posted back to io, and runs within this poll()
  ASSERT_TRUE(is_ready(refused));
  try {
    refused.get();
    ADD_FAILURE() << "a third waiting function was accepted";
  } catch (const OverloadedError& e) {
    EXPECT_EQ(e.retry_after(), std::chrono::seconds(1));
  }
  EXPECT_FALSE(is_ready(first));

  release.set_value();
  io.run_for(std::chrono::seconds(30));  // returns as soon as every result is back
  ASSERT_TRUE(is_ready(held) && is_ready(first) && is_ready(second));
  EXPECT_EQ(held.get(), 0);
  EXPECT_EQ(first.get(), 1);
  EXPECT_EQ(second.get(), 2);

  io.restart();
  auto again = asio::co_spawn(io, value_of(pool, 4), asio::use_future);
  io.run_for(std::chrono::seconds(30));
  ASSERT_TRUE(is_ready(again));
  EXPECT_EQ(again.get(), 4);
}

TEST(CpuPoolTest, RefusesWorkAfterStopAndJoin) {
  CpuPool pool(1);
  pool.stop_and_join();
  pool.stop_and_join();  // idempotent
  EXPECT_THROW(run_coroutine(counts_with_void(pool)), std::logic_error);
}

}  // namespace
}  // namespace tessera::core
