#pragma once
// Runs a coroutine to its end on a fresh io_context on the calling thread, for tests.

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace tessera::test {

// The coroutine's result, or its exception rethrown.
template <class T>
T run_coroutine(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.run();
  return future.get();
}

}  // namespace tessera::test
