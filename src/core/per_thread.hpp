#pragma once
// One object per I/O thread (a connection pool, a Redis client), so that a request never
// waits on another thread's lock. Each thread makes its object when it starts serving and
// drops it when it stops; other threads may only look at all of them together (metrics).

#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace tessera::core {

template <class T>
class PerThread {
 public:
  // Makes the calling thread's object.
  template <class... Args>
  T& start_thread(Args&&... args) {
    auto object = std::make_unique<T>(std::forward<Args>(args)...);
    local_ = {this, object.get()};
    std::lock_guard lock(mutex_);
    objects_.push_back(std::move(object));
    return *local_.object;
  }

  // Drops the calling thread's object (while the thread's io_context still exists).
  void stop_thread() {
    if (local_.owner != this) return;
    T* object = local_.object;
    local_ = {};
    std::lock_guard lock(mutex_);
    std::erase_if(objects_, [object](const auto& o) { return o.get() == object; });
  }

  // The calling thread's object; std::logic_error on a thread that has none.
  T& local() const {
    if (local_.owner != this) throw std::logic_error("no per-thread object on this thread");
    return *local_.object;
  }

  // The calling thread's object, or null on a thread that has none.
  T* find_local() const { return local_.owner == this ? local_.object : nullptr; }

  // Calls f(const T&) for every thread's object, under the lock.
  template <class F>
  void for_each(F&& f) const {
    std::lock_guard lock(mutex_);
    for (const auto& object : objects_) f(*object);
  }

 private:
  struct Local {
    const PerThread* owner = nullptr;
    T* object = nullptr;
  };
  static thread_local Local local_;

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<T>> objects_;
};

template <class T>
thread_local typename PerThread<T>::Local PerThread<T>::local_;

}  // namespace tessera::core
