#include "db/pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/errors.hpp"
#include "core/logging.hpp"
#include "db/errors.hpp"
#include "db/transaction.hpp"

namespace tessera::db {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// A coroutine waiting in acquire(): woken by cancelling its timer, with or without a
// connection handed over (without one, a slot became free to open a new connection).
struct Pool::Waiter {
  asio::steady_timer timer;
  std::unique_ptr<Connection> handed;
};

Lease::Lease(Pool& pool, std::unique_ptr<Connection> connection)
    : pool_(&pool), connection_(std::move(connection)) {
  pool.publish_gauges();
}

Lease::~Lease() {
  if (connection_) pool_->release(std::move(connection_));
}

asio::awaitable<Result> Lease::execute(const Query& query, Params params) {
  const auto started = Clock::now();
  Result result = co_await connection_->execute(query, params);
  pool_->record_query(Clock::now() - started);
  co_return result;
}

Pool::Pool(asio::any_io_executor executor, ConnectOptions connect, PoolOptions options)
    : executor_(std::move(executor)), connect_(std::move(connect)), options_(options) {}

Pool::~Pool() = default;

asio::awaitable<std::unique_ptr<Connection>> Pool::open_connection() {
  if (Clock::now() < next_connect_)
    throw core::UnavailableError("database unavailable: reconnecting after a failure");
  ++open_;
  try {
    auto connection = co_await Connection::connect(executor_, connect_);
    backoff_ = std::chrono::milliseconds(0);
    co_return connection;
  } catch (const core::UnavailableError& e) {
    --open_;
    publish_gauges();
    ++connect_failures_;
    // Exponential backoff: the first retry may come at once, then 100 ms, 200 ms, ...
    backoff_ = std::min(options_.max_reconnect_backoff,
                        backoff_.count() == 0 ? std::chrono::milliseconds(100) : backoff_ * 2);
    next_connect_ = Clock::now() + backoff_;
    core::log_warning("database connection failed",
                      {{"error", e.what()}, {"retry_in_ms", backoff_.count()}});
    throw;
  }
}

asio::awaitable<Lease> Pool::acquire() {
  const auto deadline = Clock::now() + options_.acquire_timeout;
  for (;;) {
    while (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->check_alive()) co_return Lease(*this, std::move(connection));
      --open_;  // the server closed it (restart, idle timeout): drop it
    }
    if (open_ < options_.size) co_return Lease(*this, co_await open_connection());

    Waiter waiter{asio::steady_timer(executor_, deadline), nullptr};
    waiters_.push_back(&waiter);
    publish_gauges();
    auto [ec] = co_await waiter.timer.async_wait(asio::as_tuple(asio::use_awaitable));
    waiters_.remove(&waiter);
    publish_gauges();
    if (waiter.handed) co_return Lease(*this, std::move(waiter.handed));
    if (!ec) {
      ++acquire_timeouts_;
      throw core::UnavailableError("database unavailable: no free connection within " +
                                   std::to_string(options_.acquire_timeout.count()) + " ms");
    }
  }
}

void Pool::wake_one(std::unique_ptr<Connection> connection) {
  Waiter* waiter = waiters_.front();
  waiters_.pop_front();
  waiter->handed = std::move(connection);
  waiter->timer.cancel();
}

void Pool::release(std::unique_ptr<Connection> connection) {
  return_connection(std::move(connection));
  publish_gauges();
}

void Pool::return_connection(std::unique_ptr<Connection> connection) {
  if (!connection->broken() && connection->in_transaction()) {
    // A transaction left without commit or rollback (an exception went through it).
    asio::co_spawn(executor_, roll_back_and_release(std::move(connection)), asio::detached);
    return;
  }
  if (connection->broken()) {
    --open_;
    if (!waiters_.empty()) wake_one(nullptr);  // it may open a new one
    return;
  }
  if (!waiters_.empty()) {
    wake_one(std::move(connection));
    return;
  }
  idle_.push_back(std::move(connection));
}

asio::awaitable<void> Pool::roll_back_and_release(std::unique_ptr<Connection> connection) {
  try {
    co_await connection->execute_script("ROLLBACK");
  } catch (const std::exception& e) {
    core::log_warning("rollback of an abandoned transaction failed", {{"error", e.what()}});
  }
  if (connection->in_transaction()) {
    --open_;  // cannot trust it any more
    if (!waiters_.empty()) wake_one(nullptr);
    publish_gauges();
    co_return;
  }
  release(std::move(connection));
}

// A connection that broke before its statement reached the server (the server restarted
// while it sat idle, in a way check_alive() could not see) costs no request: the statement
// runs once more, on another connection. Only once: a server that is down stays a 503.
bool Pool::worth_retrying(const ConnectionLost& error, int attempt) {
  if (attempt > 0 || error.statement_sent()) return false;
  core::log_info("a pooled database connection was dead; running the statement on another one");
  return true;
}

asio::awaitable<Result> Pool::execute(const Query& query, Params params) {
  for (int attempt = 0;; ++attempt) {
    Lease lease = co_await acquire();
    try {
      co_return co_await lease.execute(query, params);
    } catch (const ConnectionLost& e) {
      if (!worth_retrying(e, attempt)) throw;
    }
  }
}

asio::awaitable<Transaction> Pool::begin(Isolation isolation) {
  for (int attempt = 0;; ++attempt) {
    Lease lease = co_await acquire();
    try {
      co_return co_await Transaction::begin(std::move(lease), isolation);
    } catch (const ConnectionLost& e) {
      if (!worth_retrying(e, attempt)) throw;
    }
  }
}

void Pool::publish_gauges() {
  open_gauge_.store(open_, std::memory_order_relaxed);
  idle_gauge_.store(idle_.size(), std::memory_order_relaxed);
  waiters_gauge_.store(waiters_.size(), std::memory_order_relaxed);
}

void Pool::record_query(std::chrono::steady_clock::duration elapsed) {
  std::lock_guard lock(histogram_mutex_);
  query_seconds_.observe(std::chrono::duration<double>(elapsed).count());
}

Pool::Stats Pool::stats() const {
  Stats stats{.size = options_.size,
              .open = open_gauge_.load(std::memory_order_relaxed),
              .idle = idle_gauge_.load(std::memory_order_relaxed),
              .waiters = waiters_gauge_.load(std::memory_order_relaxed),
              .connect_failures = connect_failures_.load(std::memory_order_relaxed),
              .acquire_timeouts = acquire_timeouts_.load(std::memory_order_relaxed)};
  std::lock_guard lock(histogram_mutex_);
  stats.query_seconds = query_seconds_;
  return stats;
}

}  // namespace tessera::db
