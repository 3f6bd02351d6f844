#pragma once
// A worker's side of the queue in Redis. Taking a message moves it atomically from its
// queue into the worker's own processing list (LMOVE/BLMOVE), where it stays until its
// outcome is stored. While the worker lives it refreshes a heartbeat key with a TTL; any
// live worker returns the processing lists of a worker whose heartbeat expired to their
// queues. So a message is always in exactly one of: its queue, the scheduled set, a
// processing list, the dead-letter list, or done; a killed worker loses nothing.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/timestamp.hpp"
#include "queue/keys.hpp"

namespace tessera::redis {
class Client;
}

namespace tessera::queue {

struct WorkerInfo {
  std::string id;  // "<hostname>:<pid>:<random>", unique
  std::string hostname;
  long pid = 0;
  std::vector<std::string> queues;
  unsigned concurrency = 0;
  core::Timestamp started_at;
};

// A message taken from `queue`, exactly as it was queued.
struct Delivery {
  std::string queue;
  std::string envelope;
};

// A worker as `tessera tasks inspect` shows it.
struct WorkerStatus {
  WorkerInfo info;
  bool alive = false;
  std::vector<Delivery> taken;  // in its processing lists: running or about to
};

class Consumer {
 public:
  Consumer(QueueKeys keys, WorkerInfo self);

  const WorkerInfo& self() const { return self_; }
  const QueueKeys& keys() const { return keys_; }

  // The oldest message of the worker's queues: first without waiting, in the order of
  // self().queues; then waiting up to `wait` on `home` alone (BLMOVE watches one list).
  // None when nothing came. The client should be the caller's own: BLMOVE blocks it.
  boost::asio::awaitable<std::optional<Delivery>> take(redis::Client& client,
                                                       const std::string& home,
                                                       std::chrono::milliseconds wait) const;
  // Removes a message from the processing list (its outcome is stored elsewhere).
  boost::asio::awaitable<void> ack(redis::Client& client, const Delivery& delivery) const;
  // Puts a taken message back at the front of its queue, so that it runs next.
  boost::asio::awaitable<void> hand_back(redis::Client& client, const Delivery& delivery) const;

  // Announces the worker (again) and extends its life by `ttl`.
  boost::asio::awaitable<void> heartbeat(redis::Client& client,
                                         std::chrono::milliseconds ttl) const;
  // Returns the processing lists of workers whose heartbeat expired to their queues and
  // forgets those workers; the number of messages returned.
  boost::asio::awaitable<std::int64_t> reclaim_dead(redis::Client& client) const;
  // What this worker holds in its processing lists.
  boost::asio::awaitable<std::vector<Delivery>> taken(redis::Client& client) const;
  // At shutdown: returns everything this worker still holds to the queues and forgets it.
  boost::asio::awaitable<std::int64_t> leave(redis::Client& client) const;

  // Every known worker, with what it holds.
  static boost::asio::awaitable<std::vector<WorkerStatus>> workers(redis::Client& client,
                                                                   const QueueKeys& keys);

 private:
  QueueKeys keys_;
  WorkerInfo self_;
};

}  // namespace tessera::queue
