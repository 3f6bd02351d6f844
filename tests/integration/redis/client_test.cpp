#include "redis/client.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "redis/redis_test_support.hpp"

namespace tessera::redis {
namespace {

using testing::client_options;
using testing::run;
namespace asio = boost::asio;
using namespace std::chrono_literals;

class ClientTest : public ::testing::Test {
 protected:
  asio::io_context io;
  Client client{io.get_executor(), client_options()};
  std::string prefix = testing::unique_prefix("client");
};

TEST_F(ClientTest, BinaryValuesRoundTrip) {
  const std::string key = prefix + std::string("k\0ey", 4);
  const std::string value("a\0b\r\n\xff", 6);
  run(io, [&]() -> asio::awaitable<void> {
    EXPECT_TRUE(co_await client.set(key, value));
    EXPECT_EQ(co_await client.get(key), value);
    EXPECT_EQ(co_await client.del(key), 1);
    EXPECT_EQ(co_await client.get(key), std::nullopt);
    EXPECT_EQ(co_await client.del(key), 0);
  }());
  EXPECT_TRUE(client.stats().connected);
}

// Larger than hiredis' 16 KiB reads, several at once: every byte of every reply arrives.
asio::awaitable<void> round_trip_large(Client& client, std::string key, std::size_t size,
                                       int& matched) {
  std::string value(size, '\0');
  for (std::size_t i = 0; i < size; ++i) value[i] = static_cast<char>((i * 131 + size) % 256);
  co_await client.set(key, value);
  if (co_await client.get(key) == value) ++matched;
}

TEST_F(ClientTest, LargeValuesFromSeveralCoroutines) {
  int matched = 0, finished = 0;
  const std::size_t sizes[] = {16 * 1024 - 1, 16 * 1024 + 1, 100 * 1000, 1024 * 1024, 3 << 20};
  for (std::size_t size : sizes)
    asio::co_spawn(io, round_trip_large(client, prefix + std::to_string(size), size, matched),
                   [&](std::exception_ptr) { ++finished; });
  while (finished < 5) io.run_one();
  EXPECT_EQ(matched, 5);
}

TEST_F(ClientTest, CloseLetsTheIoContextRunDry) {
  EXPECT_TRUE(run(io, client.ping()));
  client.close();
  EXPECT_FALSE(client.stats().connected);
  io.restart();
  const auto started = std::chrono::steady_clock::now();
  io.run_for(60s);  // returns at once when nothing waits any more
  EXPECT_LT(std::chrono::steady_clock::now() - started, 30s);
  EXPECT_TRUE(run(io, client.ping()));  // and the client opens a new connection when used
}

TEST_F(ClientTest, SetOptionsAndCounters) {
  run(io, [&]() -> asio::awaitable<void> {
    const SetOptions nx{.only_if_absent = true};
    EXPECT_TRUE(co_await client.set(prefix + "nx", "1", nx));
    EXPECT_FALSE(co_await client.set(prefix + "nx", "2", nx));
    EXPECT_EQ(co_await client.get(prefix + "nx"), "1");

    const SetOptions ttl{.ttl = 10s};
    const auto before_set = std::chrono::steady_clock::now();
    EXPECT_TRUE(co_await client.set(prefix + "ttl", "v", ttl));
    const std::int64_t pttl = (co_await client.command("PTTL", prefix + "ttl")).as_integer();
    // Whatever time passed between the SET and the PTTL is off the 10 s, and no more.
    const auto passed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - before_set);
    EXPECT_GE(pttl, 10000 - passed.count() - 1);
    EXPECT_LE(pttl, 10000);

    EXPECT_EQ(co_await client.incr(prefix + "n"), 1);
    EXPECT_EQ(co_await client.incr(prefix + "n"), 2);
    EXPECT_TRUE(co_await client.expire(prefix + "n", 60s));
    EXPECT_FALSE(co_await client.expire(prefix + "missing", 60s));
    EXPECT_EQ(co_await client.lpush(prefix + "list", "a"), 1);
    EXPECT_EQ(co_await client.lpush(prefix + "list", "b"), 2);
    EXPECT_EQ(co_await client.publish(prefix + "channel", "hello"), 0);  // no subscriber

    const Reply range = co_await client.command("LRANGE", prefix + "list", "0", "-1");
    EXPECT_EQ(range.as_array().size(), 2u);
    EXPECT_EQ(range.as_array().at(0).as_string(), "b");
    const Reply status = co_await client.command("SET", prefix + "s", "x");
    EXPECT_EQ(status.type(), Reply::Type::status);
    EXPECT_EQ(status.as_string(), "OK");
  }());
}

// Parameters, not lambda captures: a spawned coroutine outlives the lambda that made it.
asio::awaitable<void> count_up(Client& client, std::string key, int n, int& answered, int& wrong) {
  for (int i = 1; i <= n; ++i) {
    const std::string payload = key + "#" + std::to_string(i);
    const Reply echo = co_await client.command("ECHO", payload);
    if (echo.as_string() != payload) ++wrong;
    if (co_await client.incr(key) != i) ++wrong;  // in order within the coroutine
    answered += 2;
  }
}

TEST_F(ClientTest, CommandsFromManyCoroutinesArePipelinedOnOneConnection) {
  int answered = 0, wrong = 0, finished = 0, failed = 0;
  for (int c = 0; c < 100; ++c)
    asio::co_spawn(io, count_up(client, prefix + std::to_string(c), 5, answered, wrong),
                   [&](std::exception_ptr error) {
                     ++finished;
                     if (error) ++failed;
                   });
  const auto started = std::chrono::steady_clock::now();
  while (finished < 100) io.run_one();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(answered, 1000);
  EXPECT_EQ(wrong, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 30s);
  EXPECT_EQ(client.stats().reconnects, 0u);  // one connection throughout
  EXPECT_EQ(client.stats().command_errors, 0u);
}

TEST_F(ClientTest, ErrorRepliesThrowUnlessRawIsAsked) {
  run(io, [&]() -> asio::awaitable<void> {
    co_await client.set(prefix + "string", "x");
    try {
      co_await client.lpush(prefix + "string", "y");
      ADD_FAILURE() << "LPUSH on a string key did not throw";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "WRONGTYPE");
    }
    Args args{"LPUSH", prefix + "string", "y"};
    const CommandOptions raw{.raw_errors = true};
    const Reply reply = co_await client.execute(args, raw);
    EXPECT_TRUE(reply.is_error());
    EXPECT_TRUE(reply.as_string().starts_with("WRONGTYPE"));
    EXPECT_THROW(reply.as_integer(), Error);
    EXPECT_EQ(co_await client.get(prefix + "string"), "x");  // the connection is still fine
  }());
  EXPECT_EQ(client.stats().command_errors, 0u);  // error replies are not connection trouble
}

TEST_F(ClientTest, ScriptsFallBackToEvalThenUseTheirSha) {
  const Script script("redis.call('SET', KEYS[1], ARGV[1]) return {KEYS[1], ARGV[1], 7}");
  run(io, [&]() -> asio::awaitable<void> {
    co_await client.command("SCRIPT", "FLUSH");
    const Args keys{prefix + "script"};
    const Args args{"value"};
    Reply first = co_await client.eval(script, keys, args);  // NOSCRIPT, then EVAL
    EXPECT_EQ(first.as_array().size(), 3u);
    EXPECT_EQ(first.as_array().at(0).as_string(), prefix + "script");
    EXPECT_EQ(first.as_array().at(2).as_integer(), 7);
    // The sha computed here is the server's, so the next call is a plain EVALSHA.
    const Reply loaded = co_await client.command("SCRIPT", "EXISTS", script.sha1());
    EXPECT_EQ(loaded.as_array().at(0).as_integer(), 1);
    const Reply sha = co_await client.command("SCRIPT", "LOAD", script.text());
    EXPECT_EQ(sha.as_string(), script.sha1());
    Reply second = co_await client.eval(script, keys, args);
    EXPECT_EQ(second.as_array().at(1).as_string(), "value");

    const Script failing("return redis.call('LPUSH', KEYS[1], 'x')");
    const Args none;
    EXPECT_THROW(co_await client.eval(failing, keys, none), Error);  // WRONGTYPE from inside
  }());
}

TEST_F(ClientTest, SelectChoosesTheDatabaseAndARefusedAuthIsUnavailable) {
  ClientOptions options = client_options();
  options.db = 1;
  Client other_db(io.get_executor(), options);
  run(io, [&]() -> asio::awaitable<void> {
    co_await other_db.set(prefix + "db", "one");
    EXPECT_EQ(co_await client.get(prefix + "db"), std::nullopt);  // db 0 does not see it
    EXPECT_EQ(co_await other_db.del(prefix + "db"), 1);
  }());

  options.db = 0;
  options.password = "not-the-password";
  if (const char* real = std::getenv("REDIS_PASSWORD"); real && *real)
    options.password = std::string(real) + "x";
  Client refused(io.get_executor(), options);
  EXPECT_THROW(run(io, refused.get(prefix + "x")), core::UnavailableError);
  EXPECT_FALSE(run(io, refused.ping()));  // within the backoff: fails at once, no throw
  EXPECT_GE(refused.stats().connect_failures, 1u);
}

}  // namespace
}  // namespace tessera::redis
