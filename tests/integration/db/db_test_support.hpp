#pragma once
// Connecting the tests to the PostgreSQL of scripts/services, and running coroutines.

#include <cstdlib>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "core/uuid.hpp"
#include "db/connection.hpp"

namespace tessera::db::testing {

inline std::string env_or_fail(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) {
    ADD_FAILURE() << name
                  << " is not set: run the tests through scripts/test (it starts PostgreSQL)";
    return {};
  }
  return value;
}

inline ConnectOptions connect_options() {
  ConnectOptions options;
  options.host = env_or_fail("DB_HOST");
  options.port = static_cast<std::uint16_t>(std::stoi(env_or_fail("DB_PORT")));
  options.user = env_or_fail("DB_USER");
  options.password = env_or_fail("DB_PASS");
  options.dbname = env_or_fail("DB_NAME");
  return options;
}

// Runs a coroutine to completion on `io` and returns its result (or rethrows).
template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
  auto future = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
  io.restart();
  io.run();
  return future.get();
}

// A table name of its own for each test, so tests never see each other's rows.
inline std::string unique_table(std::string_view prefix) {
  auto id = core::Uuid::random().str();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return std::string(prefix) + "_" + id.substr(0, 12);
}

// scripts/services for the test profile: stop or start one server mid-test.
inline int services(const std::string& verb, const std::string& server) {
  const std::string command = env_or_fail("TESSERA_SOURCE_DIR") + "/scripts/services " + verb +
                              " " + server + " >/dev/null 2>&1";
  return std::system(command.c_str());
}

}  // namespace tessera::db::testing
