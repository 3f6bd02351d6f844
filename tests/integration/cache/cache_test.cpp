#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "cache/json_cache.hpp"
#include "cache/rate_limiter.hpp"
#include "redis/client.hpp"
#include "redis/redis_test_support.hpp"

namespace tessera::cache {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using redis::testing::run;
using Clock = std::chrono::steady_clock;

// Redis expires keys by whole milliseconds.
constexpr auto kExpiryRounding = 1ms;

using redis::testing::eventually;

class CacheTest : public ::testing::Test {
 protected:
  asio::io_context io;
  redis::Client client{io.get_executor(), redis::testing::client_options()};
  std::string prefix = redis::testing::unique_prefix("cache");
};

TEST_F(CacheTest, RateLimiterAllowsTheLimitThenTellsWhenToRetry) {
  const RateLimiter limiter(prefix, 5, 15min);
  for (int i = 1; i <= 5; ++i) {
    const auto decision = run(io, limiter.hit(client, "alice"));
    EXPECT_TRUE(decision.allowed) << i;
    EXPECT_EQ(decision.count, i);
  }
  const auto refused = run(io, limiter.hit(client, "alice"));
  EXPECT_FALSE(refused.allowed);
  EXPECT_GT(refused.retry_after, 14min);
  EXPECT_LE(refused.retry_after, 15min);
  EXPECT_FALSE(run(io, limiter.check(client, "alice")).allowed);
  EXPECT_TRUE(run(io, limiter.check(client, "bob")).allowed);  // keys are separate
  run(io, limiter.reset(client, "alice"));
  EXPECT_TRUE(run(io, limiter.hit(client, "alice")).allowed);
}

TEST_F(CacheTest, ARefundTakesOneAttemptBackAndKeepsTheWindow) {
  const RateLimiter limiter(prefix, 2, 15min);
  run(io, limiter.hit(client, "k"));
  run(io, limiter.hit(client, "k"));
  EXPECT_FALSE(run(io, limiter.check(client, "k")).allowed);
  run(io, limiter.refund(client, "k"));
  EXPECT_TRUE(run(io, limiter.check(client, "k")).allowed);
  EXPECT_EQ(run(io, limiter.hit(client, "k")).count, 2);
  // Back to nothing, the key goes: the next hit starts a new window.
  run(io, limiter.refund(client, "k"));
  run(io, limiter.refund(client, "k"));
  run(io, limiter.refund(client, "k"));  // more refunds than hits stay at nothing
  EXPECT_EQ(run(io, limiter.hit(client, "k")).count, 1);
}

TEST_F(CacheTest, CheckDoesNotCount) {
  const RateLimiter limiter(prefix, 2, 15min);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(run(io, limiter.check(client, "k")).allowed);
  EXPECT_TRUE(run(io, limiter.hit(client, "k")).allowed);
  EXPECT_TRUE(run(io, limiter.check(client, "k")).allowed);
  EXPECT_TRUE(run(io, limiter.hit(client, "k")).allowed);
  EXPECT_FALSE(run(io, limiter.check(client, "k")).allowed);
}

TEST_F(CacheTest, TheWindowEnds) {
  constexpr auto window = 300ms;
  const RateLimiter limiter(prefix, 1, window);
  // The second attempt must land in the window the first one opened: when the machine was
  // too slow to tell (the window may have ended in between), try again with a fresh key.
  std::string key;
  Clock::time_point opened;
  bool told = false;
  for (int attempt = 0; attempt < 20 && !told; ++attempt) {
    key = "k" + std::to_string(attempt);
    opened = Clock::now();  // the window starts after this
    EXPECT_TRUE(run(io, limiter.hit(client, key)).allowed);
    const auto refused = run(io, limiter.hit(client, key));
    if (Clock::now() - opened >= window) continue;
    told = true;
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after, 1s);  // rounded up, never 0
  }
  ASSERT_TRUE(told) << "no two attempts within " << window.count() << " ms";
  // Checking does not count: wait for the window to end (not before its length is over).
  ASSERT_TRUE(eventually([&] { return run(io, limiter.check(client, key)).allowed; }));
  EXPECT_GE(Clock::now() - opened, window - kExpiryRounding);
  EXPECT_TRUE(run(io, limiter.hit(client, key)).allowed);
}

asio::awaitable<std::optional<json::value>> load_user(int& calls) {
  ++calls;
  asio::steady_timer slow(co_await asio::this_coro::executor, 50ms);
  co_await slow.async_wait(asio::use_awaitable);
  co_return json::value{{"email", "a@b.c"}, {"n", calls}};
}

TEST_F(CacheTest, LoadsOnceThenServesFromRedisUntilInvalidated) {
  JsonCache cache(prefix);
  int calls = 0;
  const auto loader = [&calls] { return load_user(calls); };
  const auto first = run(io, cache.get_or_load(client, "user:1", 60s, loader));
  const auto second = run(io, cache.get_or_load(client, "user:1", 60s, loader));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(first, second);
  EXPECT_EQ(first->at("email"), "a@b.c");
  run(io, cache.invalidate(client, "user:1"));
  const auto third = run(io, cache.get_or_load(client, "user:1", 60s, loader));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(third->at("n"), 2);
}

TEST_F(CacheTest, ALoadThatRacedAnInvalidationDoesNotStoreItsValue) {
  JsonCache cache(prefix);
  int calls = 0;
  // The source changes while the first load is reading it: the change's invalidation lands
  // between the load's read of the source and its write to the cache.
  const auto racing = [&]() -> asio::awaitable<std::optional<json::value>> {
    auto stale = co_await load_user(calls);
    co_await cache.invalidate(client, "user:2");
    co_return stale;
  };
  const auto loader = [&calls] { return load_user(calls); };
  EXPECT_EQ(run(io, cache.get_or_load(client, "user:2", 60s, racing))->at("n"), 1);
  // Not cached: the next read goes to the source and gets what it holds now.
  EXPECT_EQ(run(io, cache.get_or_load(client, "user:2", 60s, loader))->at("n"), 2);
  EXPECT_EQ(run(io, cache.get_or_load(client, "user:2", 60s, loader))->at("n"), 2);
  EXPECT_EQ(calls, 2);
}

TEST_F(CacheTest, AnInvalidationFromAnotherClientIsSeenAtOnce) {
  JsonCache cache(prefix);
  int calls = 0;
  const auto loader = [&calls] { return load_user(calls); };
  run(io, cache.get_or_load(client, "user:3", 60s, loader));
  // Another process (the command line) changes the user and invalidates with its own client.
  asio::io_context other;
  redis::Client elsewhere(other.get_executor(), redis::testing::client_options());
  JsonCache its_cache(prefix);
  run(other, its_cache.invalidate(elsewhere, "user:3"));
  elsewhere.close();
  EXPECT_EQ(run(io, cache.get_or_load(client, "user:3", 60s, loader))->at("n"), 2);
}

TEST_F(CacheTest, NothingFoundIsNotCached) {
  JsonCache cache(prefix);
  int calls = 0;
  const auto loader = [&calls]() -> asio::awaitable<std::optional<json::value>> {
    ++calls;
    co_return std::nullopt;
  };
  EXPECT_EQ(run(io, cache.get_or_load(client, "missing", 60s, loader)), std::nullopt);
  EXPECT_EQ(run(io, cache.get_or_load(client, "missing", 60s, loader)), std::nullopt);
  EXPECT_EQ(calls, 2);
}

// Parameters, not captures: spawned coroutines outlive the lambdas that could make them.
asio::awaitable<void> ask(JsonCache& cache, redis::Client& client, std::string key, int& calls,
                          std::atomic<int>& answered) {
  auto value = co_await cache.get_or_load(client, key, 60s, [&calls] { return load_user(calls); });
  if (value && value->at("email") == "a@b.c") ++answered;
}

// Runs handlers until all 50 callers have their answer (or 30 s have passed).
void serve_until_answered(asio::io_context& io, const std::atomic<int>& answered) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (answered < 50 && std::chrono::steady_clock::now() < deadline) io.run_one_for(20ms);
}

TEST_F(CacheTest, ManyCallersOnTwoThreadsShareOneLoader) {
  JsonCache cache(prefix);
  int calls = 0;  // the single loader runs on one thread
  std::atomic<int> answered{0};
  const std::string key = "user:hot";
  std::thread other([&] {
    asio::io_context io2;
    redis::Client client2(io2.get_executor(), redis::testing::client_options());
    for (int i = 0; i < 25; ++i)
      asio::co_spawn(io2, ask(cache, client2, key, calls, answered), asio::detached);
    serve_until_answered(io2, answered);
    client2.close();
    io2.run();
  });
  for (int i = 0; i < 25; ++i)
    asio::co_spawn(io, ask(cache, client, key, calls, answered), asio::detached);
  serve_until_answered(io, answered);
  other.join();
  EXPECT_EQ(answered, 50);
  EXPECT_LE(cache.loads(),
            2u);  // one per thread at most if a thread read the key just before it was stored
  EXPECT_EQ(calls, static_cast<int>(cache.loads()));
}

TEST(CacheWithoutRedis, LoadsFromTheSourceEveryTime) {
  asio::io_context io;
  auto options = redis::testing::client_options();
  options.port = 1;  // nothing listens there
  redis::Client client(io.get_executor(), options);
  JsonCache cache("down:");
  int calls = 0;
  const auto loader = [&calls] { return load_user(calls); };
  EXPECT_TRUE(run(io, cache.get_or_load(client, "k", 60s, loader)).has_value());
  EXPECT_EQ(client.stats().connect_failures, 1u);
  // Again until one read comes past the reconnect backoff and tries Redis again: from the
  // source every time, whether the client gave up at once or after trying.
  int reads = 1;
  EXPECT_TRUE(eventually([&] {
    EXPECT_TRUE(run(io, cache.get_or_load(client, "k", 60s, loader)).has_value());
    ++reads;
    return client.stats().connect_failures >= 2;
  }));
  EXPECT_EQ(calls, reads);
}

}  // namespace
}  // namespace tessera::cache
