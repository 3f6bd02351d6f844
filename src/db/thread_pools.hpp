#pragma once
// One connection pool per I/O thread, so that a request never waits on another thread's
// lock: each thread creates its pool when it starts serving and drops it when it stops
// (while its io_context still exists).

#include <memory>
#include <mutex>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "core/metrics.hpp"
#include "db/pool.hpp"

namespace tessera::db {

class ThreadPools {
 public:
  ThreadPools(ConnectOptions connect, PoolOptions options);
  ~ThreadPools();

  void start_thread(boost::asio::any_io_executor executor);
  void stop_thread();
  // The calling thread's pool; throws std::logic_error on a thread that has none.
  Pool& local() const;

  // db_pool_* gauges and counters, and the query latency histogram, over every pool.
  void collect(core::MetricsWriter& out) const;

 private:
  ConnectOptions connect_;
  PoolOptions options_;
  mutable std::mutex mutex_;  // guards pools_ (threads start and stop; /metrics reads)
  std::vector<std::unique_ptr<Pool>> pools_;
};

}  // namespace tessera::db
