#pragma once
// Connecting the tests to the Redis of scripts/services, and running coroutines.

#include <chrono>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "core/uuid.hpp"
#include "redis/client.hpp"

namespace tessera::redis::testing {

inline std::string env_or_fail(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) {
    ADD_FAILURE() << name << " is not set: run the tests through scripts/test (it starts Redis)";
    return {};
  }
  return value;
}

inline ClientOptions client_options() {
  ClientOptions options;
  options.host = env_or_fail("REDIS_HOST");
  const std::string port = env_or_fail("REDIS_PORT");
  options.port = static_cast<std::uint16_t>(port.empty() ? 0 : std::stoi(port));
  if (const char* password = std::getenv("REDIS_PASSWORD"); password && *password)
    options.password = password;  // optional: the test server may have none
  return options;
}

// Runs a coroutine to completion on `io` and returns its result (or rethrows). Not
// io.run(): an open connection keeps a read waiting, so the io_context never runs dry.
template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
  auto future = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
  io.restart();
  while (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) io.run_one();
  return future.get();
}

// Polls `condition` until it holds or `limit` has passed; returns whether it held. For
// waiting on another thread's work with a generous deadline instead of a sleep.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

// A key prefix of its own for each test, so tests never see each other's keys.
inline std::string unique_prefix(std::string_view prefix) {
  return std::string(prefix) + ":" + core::Uuid::random().str() + ":";
}

// scripts/services for the test profile: stop or start one server mid-test.
inline int services(const std::string& verb, const std::string& server) {
  const std::string command = env_or_fail("TESSERA_SOURCE_DIR") + "/scripts/services " + verb +
                              " " + server + " >/dev/null 2>&1";
  return std::system(command.c_str());
}

}  // namespace tessera::redis::testing
