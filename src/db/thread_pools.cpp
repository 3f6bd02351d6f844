#include "db/thread_pools.hpp"

namespace tessera::db {

void ThreadPools::collect(core::MetricsWriter& out) const {
  Pool::Stats total;
  for_each([&](const Pool& pool) {
    const auto stats = pool.stats();
    total.size += stats.size;
    total.open += stats.open;
    total.idle += stats.idle;
    total.waiters += stats.waiters;
    total.connect_failures += stats.connect_failures;
    total.acquire_timeouts += stats.acquire_timeouts;
    total.query_seconds.merge(stats.query_seconds);
  });
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
