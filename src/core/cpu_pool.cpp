#include "core/cpu_pool.hpp"

#include <algorithm>

namespace tessera::core {

CpuPool::CpuPool(unsigned threads) : threads_(std::max(1u, threads)), pool_(threads_) {}

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
