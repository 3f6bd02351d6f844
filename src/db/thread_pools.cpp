#include "db/thread_pools.hpp"

#include <algorithm>
#include <stdexcept>

namespace tessera::db {
namespace {

struct LocalPool {
  const ThreadPools* owner = nullptr;
  Pool* pool = nullptr;
};
thread_local LocalPool local_pool;

}  // namespace

ThreadPools::ThreadPools(ConnectOptions connect, PoolOptions options)
    : connect_(std::move(connect)), options_(options) {}

ThreadPools::~ThreadPools() = default;

void ThreadPools::start_thread(boost::asio::any_io_executor executor) {
  auto pool = std::make_unique<Pool>(std::move(executor), connect_, options_);
  local_pool = {this, pool.get()};
  std::lock_guard lock(mutex_);
  pools_.push_back(std::move(pool));
}

void ThreadPools::stop_thread() {
  if (local_pool.owner != this) return;
  Pool* pool = local_pool.pool;
  local_pool = {};
  std::lock_guard lock(mutex_);
  std::erase_if(pools_, [pool](const auto& p) { return p.get() == pool; });
}

Pool& ThreadPools::local() const {
  if (local_pool.owner != this) throw std::logic_error("no database pool on this thread");
  return *local_pool.pool;
}

void ThreadPools::collect(core::MetricsWriter& out) const {
  Pool::Stats total;
  {
    std::lock_guard lock(mutex_);
    for (const auto& pool : pools_) {
      const auto stats = pool->stats();
      total.size += stats.size;
      total.open += stats.open;
      total.idle += stats.idle;
      total.waiters += stats.waiters;
      total.connect_failures += stats.connect_failures;
      total.acquire_timeouts += stats.acquire_timeouts;
      total.query_seconds.merge(stats.query_seconds);
    }
  }
  out.family("db_pool_size", "gauge", "Most connections the pools may open (all I/O threads).");
  out.sample("db_pool_size", {}, static_cast<double>(total.size));
  out.family("db_pool_connections", "gauge", "Open PostgreSQL connections by state.");
  out.sample("db_pool_connections", {{"state", "idle"}}, static_cast<double>(total.idle));
  out.sample("db_pool_connections", {{"state", "in_use"}},
             static_cast<double>(total.open >= total.idle ? total.open - total.idle : 0));
  out.family("db_pool_waiters", "gauge", "Coroutines waiting for a free connection.");
  out.sample("db_pool_waiters", {}, static_cast<double>(total.waiters));
  out.family("db_pool_connect_failures_total", "counter",
             "Failed attempts to connect to PostgreSQL.");
  out.sample("db_pool_connect_failures_total", {}, static_cast<double>(total.connect_failures));
  out.family("db_pool_acquire_timeouts_total", "counter",
             "Waits for a connection that timed out (503).");
  out.sample("db_pool_acquire_timeouts_total", {}, static_cast<double>(total.acquire_timeouts));
  out.family("db_query_duration_seconds", "histogram", "PostgreSQL statement latency.");
  total.query_seconds.write(out, "db_query_duration_seconds", {});
}

}  // namespace tessera::db
