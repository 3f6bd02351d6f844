#pragma once
// Transactional enqueue. A task that belongs to a database change is written into the
// outbox table in the same transaction as the change, so that the change and its task both
// happen or neither does; a relay in every process then moves committed rows to Redis.
//
//   auto tx = co_await db.begin();
//   auto user = co_await users.insert(tx, ...);
//   co_await outbox.add(tx, tasks::SendEmailArgs::of(message), options);
//   co_await tx.commit();
//   outbox.committed();  // the relay of this thread sends it now instead of at its next poll
//
// The relay sends at least once: a relay that dies between sending and deleting its rows
// sends them again, and Redis' "sent" mark of each task id (Broker::send_once) keeps the
// second copy off the queue. Several relays run at once: each takes rows that no other has
// locked (FOR UPDATE SKIP LOCKED).

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/metrics.hpp"
#include "core/per_thread.hpp"
#include "db/pool.hpp"
#include "db/transaction.hpp"
#include "mappers/outbox_mapper.hpp"
#include "queue/broker.hpp"
#include "redis/client.hpp"

namespace tessera::services {

struct OutboxRelayOptions {
  std::chrono::milliseconds poll_interval{500};  // for rows committed by other processes
  std::int64_t batch = 100;
  // Beyond any queue wait: the sweep reads a missing mark as a lost task.
  std::chrono::seconds remember_sent{std::chrono::hours(24 * 7)};
};

// One relay per I/O thread (or per worker process), on that thread's pool and Redis client.
class OutboxRelay {
 public:
  OutboxRelay(db::Pool& db, redis::Client& redis, queue::QueueKeys keys,
              OutboxRelayOptions options = {});

  // Runs until stop(): relays whatever is committed, then waits for wake() or the poll.
  boost::asio::awaitable<void> run();
  void wake();
  void stop();

  // One batch: the rows taken, sent (each at most once) and deleted; how many were taken.
  boost::asio::awaitable<std::size_t> relay_once();

  // Readable from any thread (for /metrics and tests).
  std::uint64_t relayed() const { return relayed_.load(std::memory_order_relaxed); }
  std::uint64_t duplicates_skipped() const { return duplicates_.load(std::memory_order_relaxed); }

 private:
  db::Pool& db_;
  redis::Client& redis_;
  queue::Broker broker_;
  OutboxRelayOptions options_;
  mappers::OutboxMapper outbox_;
  boost::asio::steady_timer timer_;
  bool stopping_ = false;
  bool woken_ = false;
  std::atomic<std::uint64_t> relayed_{0}, duplicates_{0};
};

using ThreadRelays = core::PerThread<OutboxRelay>;

// The relays' counters, summed (tessera_outbox_relayed_total, ..._duplicates_total).
void collect(const ThreadRelays& relays, core::MetricsWriter& out);

class TaskOutbox {
 public:
  // `relays`: this process's relays, woken after a commit (none: the poll finds the rows).
  explicit TaskOutbox(ThreadRelays* relays = nullptr) : relays_(relays) {}

  // Writes the task of `args` (queue/task_args.hpp) into the outbox within `tx`; its id.
  template <class Args>
  boost::asio::awaitable<core::Uuid> add(db::Transaction& tx, const Args& args,
                                         queue::EnqueueOptions options) const {
    auto message = queue::make_task_message(std::string(Args::task), boost::json::array(),
                                            queue::task_kwargs(args), std::move(options));
    const domain::OutboxMessage row{.task_id = message.id,
                                    .queue = message.queue,
                                    .envelope = queue::encode_message(message),
                                    .due = message.eta};
    co_await outbox_.add(tx, row);
    co_return message.id;
  }

  // After the commit: the calling thread's relay sends at once.
  void committed() const;

 private:
  ThreadRelays* relays_;
  mappers::OutboxMapper outbox_;
};

}  // namespace tessera::services
