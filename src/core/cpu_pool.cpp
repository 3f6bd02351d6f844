#include "core/cpu_pool.hpp"

#include <algorithm>
#include <latch>

#include <sys/resource.h>
#include <unistd.h>

namespace tessera::core {
namespace {

// Pool threads run at the lowest scheduling priority (nice 19) below the I/O threads: when
// hashing fills every core, the kernel still runs an I/O thread as soon as it has work, so
// requests that need no hashing keep their latency (bench/auth).
void lower_priority(boost::asio::thread_pool& pool, unsigned threads) {
  // One job per thread, each held until all have started, so every thread takes one.
  std::latch started(threads);
  std::latch done(threads);
  for (unsigned i = 0; i < threads; ++i)
    boost::asio::post(pool, [&] {
      ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);  // best effort
      started.arrive_and_wait();
      done.count_down();
    });
  done.wait();
}

}  // namespace

CpuPool::CpuPool(unsigned threads, std::size_t max_queued)
    : threads_(std::max(1u, threads)), max_queued_(max_queued), pool_(threads_) {
  lower_priority(pool_, threads_);
}

CpuPool::~CpuPool() {
  stop_and_join();
}

void CpuPool::stop_and_join() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  // Without stop(), join() waits for the pool's outstanding work: everything taken runs.
  pool_.join();
}

}  // namespace tessera::core
