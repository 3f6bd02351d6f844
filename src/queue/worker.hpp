#pragma once
// The worker process's runtime (`tessera worker`): `concurrency` lanes, each taking one
// message at a time on its own Redis connection (BLMOVE blocks it) and running it; a
// heartbeat that also returns dead workers' messages; the scheduled set's promotion; and
// the graceful stop: take nothing new, let running tasks finish within the grace period,
// hand the rest back to their queues. All of it on one I/O thread (the io_context the
// worker process gives it, which its handlers' connections share), plus the process's
// thread pool for blocking handlers.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "queue/consumer.hpp"
#include "queue/keys.hpp"
#include "queue/task_registry.hpp"
#include "queue/task_runner.hpp"
#include "redis/client.hpp"

namespace tessera::queue {

struct WorkerOptions {
  std::vector<std::string> queues{"celery"};
  unsigned concurrency = 1;
  // Heartbeat period; the worker counts as dead 5 periods after its last heartbeat.
  std::chrono::milliseconds heartbeat_interval{2000};
  // How often due scheduled messages (countdown, ETA, retries) move onto their queues.
  std::chrono::milliseconds promote_interval{200};
  // How long a lane's BLMOVE waits before it looks at the other queues again.
  std::chrono::milliseconds take_wait{2000};
  // After SIGTERM: how long running tasks may take to finish before they are handed back.
  std::chrono::milliseconds shutdown_grace{10000};
  std::chrono::seconds result_ttl{86400};
  TaskDefaults defaults;
  QueueKeys keys;
  // Called on the worker's thread once every task has finished or been handed back, before
  // its io_context runs out of work: handlers close what they opened on it (connections
  // that would keep it busy, or outlive it).
  std::function<void()> on_stopped;
};

class Worker {
 public:
  // `io` is run by run() on the calling thread; `cpu` runs blocking handlers. Both, and the
  // registry, must outlive the worker.
  Worker(boost::asio::io_context& io, boost::asio::any_io_executor cpu, redis::ClientOptions redis,
         WorkerOptions options, const TaskRegistry& registry);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  const WorkerInfo& info() const { return consumer_.self(); }

  // Runs until stop() has taken effect; returns when every task has finished or been
  // handed back and the worker has left.
  void run();
  // Like run(), stopping on SIGTERM or SIGINT (a second signal hands back at once).
  void run_until_signal();
  // From any thread: the graceful stop. A second call ends the grace period at once.
  void stop();

  // Blocking handlers abandoned at shutdown whose threads still run (run() has returned):
  // the caller should exit without joining them.
  std::size_t abandoned_blocking_handlers() const;

  struct Counts {
    std::uint64_t succeeded = 0, retried = 0, failed = 0, expired = 0, rescheduled = 0,
                  rejected = 0, handed_back = 0, reclaimed = 0;
  };
  Counts counts() const { return counts_; }  // after run() has returned

 private:
  struct Lane {
    std::unique_ptr<redis::Client> client;  // BLMOVE blocks it
    std::shared_ptr<RunningTask> task;      // while one runs
    std::string envelope;                   // of that task
  };

  boost::asio::awaitable<void> start();
  boost::asio::awaitable<void> run_lane(std::size_t index);
  boost::asio::awaitable<void> heartbeat_loop();
  boost::asio::awaitable<void> promote_loop();
  boost::asio::awaitable<void> shutdown();
  boost::asio::awaitable<void> return_stale_messages();
  boost::asio::awaitable<void> watch_signals();
  boost::asio::awaitable<void> sleep(std::chrono::milliseconds duration);
  // Waits until `done()`, or `deadline`, or (when `interruptible`) another stop request;
  // woken by wake().
  template <class Done>
  boost::asio::awaitable<void> wait_until(Done done, std::chrono::steady_clock::time_point deadline,
                                          bool interruptible = false);
  void wake() { wake_.cancel(); }
  void begin_stop();
  void count(TaskOutcome outcome);

  boost::asio::io_context& io_;
  WorkerOptions options_;
  Consumer consumer_;
  redis::Client client_;  // results, acknowledgements, heartbeats, the scheduled set
  TaskRunner runner_;
  TaskStatsBuffer stats_;  // flushed to Redis every heartbeat
  RunGate gate_;           // suspect messages run alone
  std::vector<Lane> lanes_;
  std::size_t running_lanes_ = 0;
  std::size_t running_loops_ = 0;  // start, heartbeat and promotion
  bool stopping_ = false;          // take nothing new
  bool leaving_ = false;           // lanes are done: stop heartbeating, then leave
  int stop_requests_ = 0;
  boost::asio::steady_timer wake_;  // the shutdown's wait; cancelled when something ends
  std::optional<boost::asio::signal_set> signals_;
  std::set<boost::asio::steady_timer*> sleepers_;
  std::set<std::string> suspects_;  // processing entries no lane claimed at the last look
  Counts counts_;
  std::vector<std::shared_ptr<RunningTask>> abandoned_;
};

// A unique worker id: "<hostname>:<pid>:<4 random hex digits>".
std::string new_worker_id();

}  // namespace tessera::queue
