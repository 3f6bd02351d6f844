#pragma once
// A bounded pool of connections for one I/O thread (not shared between threads, so no
// locks). Waiting for a connection is bounded; a server that is down makes acquire() fail
// fast with core::UnavailableError, and reconnecting backs off so that a down server is
// not hammered. A connection found dead (the server restarted) is dropped and replaced.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <mutex>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "core/metrics.hpp"
#include "db/connection.hpp"
#include "db/executor.hpp"

namespace tessera::db {

class ConnectionLost;
class Pool;
class Transaction;

enum class Isolation { read_committed, repeatable_read, serializable };

struct PoolOptions {
  std::size_t size = 10;
  std::chrono::milliseconds acquire_timeout{2000};
  std::chrono::milliseconds max_reconnect_backoff{5000};
};

// A borrowed connection; returned to its pool when destroyed.
class Lease : public Executor {
 public:
  Lease(Pool& pool, std::unique_ptr<Connection> connection);
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease() override;

  Connection& connection() { return *connection_; }
  boost::asio::awaitable<Result> execute(const Query& query, Params params) override;

 private:
  Pool* pool_;
  std::unique_ptr<Connection> connection_;
};

class Pool : public Executor {
 public:
  Pool(boost::asio::any_io_executor executor, ConnectOptions connect, PoolOptions options);
  ~Pool() override;

  boost::asio::awaitable<Lease> acquire();
  boost::asio::awaitable<Transaction> begin(Isolation isolation = Isolation::read_committed);
  // One statement on any free connection.
  boost::asio::awaitable<Result> execute(const Query& query, Params params) override;

  // A snapshot that any thread may take (for /metrics): the pool itself is touched only by
  // its own thread, so the figures are mirrored into atomics and a locked histogram.
  struct Stats {
    std::size_t size = 0;  // the configured bound
    std::size_t open = 0;  // idle + in use
    std::size_t idle = 0;
    std::size_t waiters = 0;
    std::uint64_t connect_failures = 0;
    std::uint64_t acquire_timeouts = 0;
    core::HistogramBuckets query_seconds;
  };
  Stats stats() const;

  // The executor of the thread that owns this pool.
  const boost::asio::any_io_executor& executor() const { return executor_; }

  // Called by Lease.
  void release(std::unique_ptr<Connection> connection);
  void record_query(std::chrono::steady_clock::duration elapsed);
  void publish_gauges();

 private:
  struct Waiter;
  boost::asio::awaitable<std::unique_ptr<Connection>> open_connection();
  boost::asio::awaitable<void> roll_back_and_release(std::unique_ptr<Connection> connection);
  void wake_one(std::unique_ptr<Connection> connection);
  void return_connection(std::unique_ptr<Connection> connection);
  static bool worth_retrying(const ConnectionLost& error, int attempt);

  boost::asio::any_io_executor executor_;
  ConnectOptions connect_;
  PoolOptions options_;
  std::deque<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle, in use and being opened
  std::list<Waiter*> waiters_;
  std::chrono::steady_clock::time_point next_connect_{};
  std::chrono::milliseconds backoff_{0};

  std::atomic<std::size_t> open_gauge_{0}, idle_gauge_{0}, waiters_gauge_{0};
  std::atomic<std::uint64_t> connect_failures_{0}, acquire_timeouts_{0};
  mutable std::mutex histogram_mutex_;
  core::HistogramBuckets query_seconds_;
};

}  // namespace tessera::db
