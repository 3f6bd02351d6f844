// A slow command, a server that is not there, and a server restarted under the client.

#include <algorithm>
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

// Timeouts far longer than anything the tests wait for: a command that waited for one
// instead of failing at once would overrun the bounds below.
constexpr auto kLongTimeout = 30s;
constexpr auto kQuickError = 10s;  // "at once", generously

ClientOptions patient_options() {
  ClientOptions options = client_options();
  options.connect_timeout = kLongTimeout;
  options.command_timeout = kLongTimeout;
  options.max_reconnect_backoff = 400ms;
  return options;
}

// The reconnect backoff starts at 100 ms and doubles up to max_reconnect_backoff: the most
// connection attempts that can fit in `elapsed`.
std::uint64_t most_attempts_within(Clock::duration elapsed, std::chrono::milliseconds max_backoff) {
  std::uint64_t attempts = 1;
  std::chrono::milliseconds backoff = 100ms, waited{0};
  while (waited + std::min(backoff, max_backoff) <= elapsed) {
    waited += std::min(backoff, max_backoff);
    backoff *= 2;
    ++attempts;
  }
  return attempts;
}

TEST(ClientRecoveryTest, ACommandPastItsTimeoutIsUnavailableAndTheClientGoesOn) {
  asio::io_context io;
  ClientOptions options = client_options();
  options.command_timeout = 300ms;
  Client client(io.get_executor(), options);
  const std::string key = testing::unique_prefix("timeout") + "never";
  const auto started = Clock::now();
  // Redis would answer after 30 s: an answer at all means the client did not time out.
  EXPECT_THROW(run(io, client.command("BLPOP", key, "30")), core::UnavailableError);
  const auto elapsed = Clock::now() - started;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 20s);
  EXPECT_EQ(client.stats().timeouts, 1u);
  // A blocking command with a timeout of its own (longer than the 300 ms) is answered.
  const CommandOptions longer{.timeout = kLongTimeout};
  Args blpop{"BLPOP", key, "0.5"};
  EXPECT_TRUE(run(io, client.execute(blpop, longer)).is_nil());
  Args ping{"PING"};
  EXPECT_EQ(run(io, client.execute(ping, longer)).as_string(), "PONG");
  EXPECT_EQ(client.stats().timeouts, 1u);
}

TEST(ClientRecoveryTest, NoServerFailsFastAndBacksOff) {
  asio::io_context io;
  ClientOptions options = patient_options();
  options.host = "127.0.0.1";
  options.port = 1;  // nothing listens there
  Client client(io.get_executor(), options);
  const auto first = Clock::now();
  for (int i = 0; i < 5; ++i) {
    const auto started = Clock::now();
    EXPECT_THROW(run(io, client.get("k")), core::UnavailableError);
    EXPECT_LT(Clock::now() - started, kQuickError);
  }
  const auto elapsed = Clock::now() - first;
  // Back to back, the five fit in the first 100 ms backoff: one attempt, the other four fell
  // in the backoff. On a slow machine more may fall past it, never more than it allows.
  EXPECT_LE(client.stats().connect_failures,
            most_attempts_within(elapsed, options.max_reconnect_backoff))
      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";
  EXPECT_EQ(client.stats().command_errors, 5u);
  EXPECT_FALSE(client.stats().connected);
}

// Brings Redis back even when an assertion ends the test early.
struct RestartRedis {
  ~RestartRedis() { testing::services("up", "redis"); }
};

TEST(ClientRecoveryTest, RecoversByItselfWhenTheServerRestarts) {
  asio::io_context io;
  Client client(io.get_executor(), patient_options());
  const std::string key = testing::unique_prefix("restart") + "k";
  ASSERT_TRUE(run(io, client.set(key, "before")));
  ASSERT_TRUE(client.stats().connected);

  RestartRedis restart;
  ASSERT_EQ(testing::services("down", "redis"), 0);
  for (int i = 0; i < 10; ++i) {  // down: each command a quick, clear error
    const auto started = Clock::now();
    EXPECT_THROW(run(io, client.get(key)), core::UnavailableError);
    EXPECT_LT(Clock::now() - started, kQuickError);
    std::this_thread::sleep_for(50ms);  // pacing: some fall in the backoff, some try again
  }
  EXPECT_FALSE(client.stats().connected);
  EXPECT_FALSE(run(io, client.ping()));

  ASSERT_EQ(testing::services("up", "redis"), 0);
  bool recovered = false;
  for (const auto deadline = Clock::now() + 30s; !recovered && Clock::now() < deadline;) {
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
