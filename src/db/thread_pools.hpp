#pragma once
// One connection pool per I/O thread (core::PerThread), with their metrics.

#include "core/metrics.hpp"
#include "core/per_thread.hpp"
#include "db/pool.hpp"

namespace tessera::db {

class ThreadPools : public core::PerThread<Pool> {
 public:
  ThreadPools(ConnectOptions connect, PoolOptions options)
      : connect_(std::move(connect)), options_(options) {}

  void start_thread(boost::asio::any_io_executor executor) {
    core::PerThread<Pool>::start_thread(std::move(executor), connect_, options_);
  }

  // db_pool_* gauges and counters, and the query latency histogram, over every pool.
  void collect(core::MetricsWriter& out) const;

 private:
  ConnectOptions connect_;
  PoolOptions options_;
};

}  // namespace tessera::db
