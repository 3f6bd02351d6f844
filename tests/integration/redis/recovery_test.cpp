// A slow command, a server that is not there, and a server restarted under the client.

#include <thread>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "redis/client.hpp"
#include "redis/redis_test_support.hpp"

namespace tessera::redis {
namespace {

using testing::client_options;
using testing::run;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

ClientOptions fast_options() {
  ClientOptions options = client_options();
  options.connect_timeout = 500ms;
  options.command_timeout = 300ms;
  options.max_reconnect_backoff = 400ms;
  return options;
}

TEST(ClientRecoveryTest, ACommandPastItsTimeoutIsUnavailableAndTheClientGoesOn) {
  asio::io_context io;
  Client client(io.get_executor(), fast_options());
  const std::string key = testing::unique_prefix("timeout") + "never";
  const auto started = Clock::now();
  EXPECT_THROW(run(io, client.command("BLPOP", key, "2")), core::UnavailableError);
  const auto elapsed = Clock::now() - started;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 1500ms);
  EXPECT_EQ(client.stats().timeouts, 1u);
  // A blocking command with a timeout of its own is answered.
  const CommandOptions longer{.timeout = 2s};
  Args blpop{"BLPOP", key, "0.5"};
  EXPECT_TRUE(run(io, client.execute(blpop, longer)).is_nil());
  EXPECT_TRUE(run(io, client.ping()));
}

TEST(ClientRecoveryTest, NoServerFailsFastAndBacksOff) {
  asio::io_context io;
  ClientOptions options = fast_options();
  options.host = "127.0.0.1";
  options.port = 1;  // nothing listens there
  Client client(io.get_executor(), options);
  for (int i = 0; i < 5; ++i) {
    const auto started = Clock::now();
    EXPECT_THROW(run(io, client.get("k")), core::UnavailableError);
    EXPECT_LT(Clock::now() - started, 600ms);
  }
  EXPECT_EQ(client.stats().connect_failures, 1u);  // the other four fell in the backoff
  EXPECT_EQ(client.stats().command_errors, 5u);
  EXPECT_FALSE(client.stats().connected);
}

// Brings Redis back even when an assertion ends the test early.
struct RestartRedis {
  ~RestartRedis() { testing::services("up", "redis"); }
};

TEST(ClientRecoveryTest, RecoversByItselfWhenTheServerRestarts) {
  asio::io_context io;
  Client client(io.get_executor(), fast_options());
  const std::string key = testing::unique_prefix("restart") + "k";
  ASSERT_TRUE(run(io, client.set(key, "before")));
  ASSERT_TRUE(client.stats().connected);

  RestartRedis restart;
  ASSERT_EQ(testing::services("down", "redis"), 0);
  for (int i = 0; i < 10; ++i) {  // down: each command a quick, clear error
    const auto started = Clock::now();
    EXPECT_THROW(run(io, client.get(key)), core::UnavailableError);
    EXPECT_LT(Clock::now() - started, 600ms);
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_FALSE(client.stats().connected);
  EXPECT_FALSE(run(io, client.ping()));

  ASSERT_EQ(testing::services("up", "redis"), 0);
  bool recovered = false;
  for (const auto deadline = Clock::now() + 5s; !recovered && Clock::now() < deadline;) {
    recovered = run(io, client.ping());
    if (!recovered) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(recovered);
  EXPECT_TRUE(run(io, client.set(key, "after")));
  EXPECT_EQ(run(io, client.get(key)), "after");
  EXPECT_TRUE(client.stats().connected);
  EXPECT_EQ(client.stats().reconnects, 1u);
}

}  // namespace
}  // namespace tessera::redis
