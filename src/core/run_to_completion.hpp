#pragma once
// Runs a coroutine to its end on an io_context of its own, on the calling thread: for the
// commands (migrations, task inspection, user administration) that do their I/O once,
// outside a server's loop.
//
//   const int depth = core::run_to_completion([&](auto executor) -> asio::awaitable<int> {
//     redis::Client client(executor, options);
//     co_return co_await client.llen("celery");
//   });

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace tessera::core {

// `body(executor)` returns the coroutine; its result, or its exception, is returned here.
template <class Body>
auto run_to_completion(Body body) {
  boost::asio::io_context io(1);
  // `body` is a named parameter, alive until run() returns: the coroutine reads its captures
  // through it (g++ 12 destroys a temporary lambda too early).
  boost::asio::any_io_executor executor = io.get_executor();
  auto result = boost::asio::co_spawn(io, body(executor), boost::asio::use_future);
  io.run();
  return result.get();
}

}  // namespace tessera::core
