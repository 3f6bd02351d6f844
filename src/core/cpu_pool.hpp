#pragma once
// A bounded pool of threads for CPU-heavy work (password hashing), so that an I/O thread
// never blocks on it: a coroutine hands a function to the pool and is resumed on its own
// executor (its I/O thread) with the result, or with the function's exception.
//
// Not a widely included header: it brings in Asio. Callers' headers forward-declare
// CpuPool and include it only in their .cpp.

#include <atomic>
#include <cstddef>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/errors.hpp"

namespace tessera::core {

class CpuPool {
 public:
  static constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();

  // At least one thread, whatever `threads` says. At most `max_queued` functions wait for a
  // thread (those running are not counted): past that, run() refuses new work.
  explicit CpuPool(unsigned threads, std::size_t max_queued = unbounded);
  // Same as stop_and_join().
  ~CpuPool();

  CpuPool(const CpuPool&) = delete;
  CpuPool& operator=(const CpuPool&) = delete;

  // Runs f() on the pool and resumes the caller on its own executor with f's result; an
  // exception from f is rethrown there. f must be callable once, without arguments.
  // Not cancellable: once taken, f runs to its end. Throws without running f:
  // core::OverloadedError at once when max_queued functions already wait (a wait that long
  // helps no caller), std::logic_error after stop_and_join().
  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F>> run(F f);

  // Takes no more work, lets the work already taken finish (its results still reach the
  // awaiting coroutines' executors) and joins the threads. Idempotent; call it from one
  // thread only.
  void stop_and_join();

  unsigned size() const { return threads_; }
  // For work posted directly, such as the worker's blocking task handlers (which manage
  // their own completion).
  boost::asio::thread_pool::executor_type executor() { return pool_.get_executor(); }

 private:
  // Where a result travels: R, or std::monostate standing for void, always default-free.
  template <class R>
  using Result = std::optional<std::conditional_t<std::is_void_v<R>, std::monostate, R>>;

  template <class R>
  struct Submit;

  unsigned threads_;
  std::size_t max_queued_;
  boost::asio::thread_pool pool_;
  std::mutex mutex_;  // orders submissions before the join, so none is left behind
  bool stopped_ = false;
  // Posted and not started yet. Checked and raised under mutex_, so that two submissions
  // cannot both take the last place; lowered by the pool's threads without it.
  std::atomic<std::size_t> queued_{0};
};

// The initiation of run(): posts the work to the pool, then dispatches the outcome to the
// awaiting handler's executor, which stays busy (counted as outstanding work) until then so
// that its io_context does not run out of work while the pool computes.
template <class R>
struct CpuPool::Submit {
  CpuPool* pool;

  template <class Handler, class F>
  void operator()(Handler handler, F f) const {
    auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(handler));
    std::lock_guard lock(pool->mutex_);
    std::exception_ptr refused;
    if (pool->stopped_)
      refused = std::make_exception_ptr(std::logic_error("CpuPool: stopped"));
    else if (pool->queued_.load() >= pool->max_queued_)
      refused = std::make_exception_ptr(core::OverloadedError("CpuPool: queue full"));
    if (refused) {
      boost::asio::post(work.get_executor(), [handler = std::move(handler), refused]() mutable {
        std::move(handler)(refused, Result<R>{});
      });
      return;
    }
    ++pool->queued_;
    boost::asio::post(pool->pool_, [handler = std::move(handler), f = std::move(f),
                                    work = std::move(work), queued = &pool->queued_]() mutable {
      --*queued;  // running now: its place in the queue is free
      std::exception_ptr error;
      Result<R> result;
      try {
        if constexpr (std::is_void_v<R>) {
          f();
          result.emplace();
        } else {
          result.emplace(f());
        }
      } catch (...) {
        error = std::current_exception();
      }
      // Once dispatched, the handler itself keeps the executor busy: the guard may go.
      boost::asio::dispatch(work.get_executor(), [handler = std::move(handler), error,
                                                  result = std::move(result)]() mutable {
        std::move(handler)(error, std::move(result));
      });
    });
  }
};

template <class F>
boost::asio::awaitable<std::invoke_result_t<F>> CpuPool::run(F f) {
  using R = std::invoke_result_t<F>;
  using Token = decltype(boost::asio::use_awaitable);
  // The result is wrapped in an optional so that R needs no default constructor (the
  // handler's signature takes a value even when an exception travels instead).
  Result<R> result =
      co_await boost::asio::async_initiate<Token, void(std::exception_ptr, Result<R>)>(
          Submit<R>{this}, boost::asio::use_awaitable, std::move(f));
  if constexpr (!std::is_void_v<R>) co_return std::move(*result);
}

}  // namespace tessera::core
