#include "queue/worker.hpp"

#include <algorithm>
#include <csignal>
#include <random>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <unistd.h>

#include "core/host.hpp"
#include "core/logging.hpp"
#include "core/text.hpp"
#include "queue/broker.hpp"

namespace tessera::queue {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

}  // namespace

std::string new_worker_id() {
  std::random_device random;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", static_cast<unsigned>(random() & 0xffff));
  return core::host_name() + ":" + std::to_string(::getpid()) + ":" + suffix;
}

Worker::Worker(asio::io_context& io, asio::any_io_executor cpu, redis::ClientOptions redis,
               WorkerOptions options, const TaskRegistry& registry)
    : io_(io),
      options_(std::move(options)),
      consumer_(options_.keys, WorkerInfo{.id = new_worker_id(),
                                          .hostname = core::host_name(),
                                          .pid = static_cast<long>(::getpid()),
                                          .queues = options_.queues,
                                          .concurrency = options_.concurrency,
                                          .started_at = core::now()}),
      client_(io_.get_executor(), redis),
      runner_(registry, consumer_, Broker(options_.keys), ResultStore(options_.result_ttl),
              options_.defaults, std::move(cpu)),
      wake_(io_.get_executor()) {
  if (options_.concurrency == 0) throw std::invalid_argument("worker concurrency must be >= 1");
  runner_.count_runs_in(&stats_);
  // One lane runs every task alone already (and saves the gate's extra round trip).
  if (options_.concurrency > 1) runner_.isolate_suspects_with(&gate_);
  for (unsigned i = 0; i < options_.concurrency; ++i)
    lanes_.push_back(Lane{std::make_unique<redis::Client>(io_.get_executor(), redis)});
}

Worker::~Worker() = default;

void Worker::run() {
  ++running_loops_;
  asio::co_spawn(io_, start(), asio::detached);
  io_.run();
}

void Worker::run_until_signal() {
  signals_.emplace(io_, SIGINT, SIGTERM);
  asio::co_spawn(io_, watch_signals(), asio::detached);
  run();
}

void Worker::stop() {
  asio::post(io_, [this] { begin_stop(); });
}

std::size_t Worker::abandoned_blocking_handlers() const {
  return static_cast<std::size_t>(
      std::count_if(abandoned_.begin(), abandoned_.end(),
                    [](const auto& task) { return task->blocking_handler_running(); }));
}

asio::awaitable<void> Worker::watch_signals() {
  while (true) {
    boost::system::error_code error;
    const int signal =
        co_await signals_->async_wait(asio::redirect_error(asio::use_awaitable, error));
    if (error) co_return;  // cancelled when the worker has left
    core::log_info(stop_requests_ == 0
                       ? "stopping: finishing running tasks (signal again to hand them back now)"
                       : "handing running tasks back now",
                   {{"signal", std::int64_t{signal}}});
    begin_stop();
  }
}

// Announces the worker before it takes anything: a message in the processing list of a
// worker nobody knows about could never be reclaimed.
asio::awaitable<void> Worker::start() {
  bool warned = false;
  while (!stopping_) {
    try {
      co_await consumer_.heartbeat(client_, 5 * options_.heartbeat_interval);
      break;
    } catch (const std::exception& e) {
      if (!warned) core::log_warning("worker waiting for Redis", {{"error", e.what()}});
      warned = true;
    }
    co_await sleep(milliseconds(1000));
  }
  if (!stopping_) {
    core::log_info("worker ready", {{"worker", info().id},
                                    {"queues", core::join(options_.queues, ",")},
                                    {"concurrency", std::int64_t{options_.concurrency}}});
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      ++running_lanes_;
      asio::co_spawn(io_, run_lane(i), asio::detached);
    }
    running_loops_ += 2;
    asio::co_spawn(io_, heartbeat_loop(), asio::detached);
    asio::co_spawn(io_, promote_loop(), asio::detached);
  }
  --running_loops_;
  wake();
}

asio::awaitable<void> Worker::run_lane(std::size_t index) {
  Lane& lane = lanes_[index];
  const std::string& home = options_.queues[index % options_.queues.size()];
  // Queues without a lane of their own are looked at each time a lane's wait ends.
  const milliseconds wait = options_.queues.size() > lanes_.size()
                                ? std::min(options_.take_wait, milliseconds(1000))
                                : options_.take_wait;
  while (!stopping_) {
    std::optional<Delivery> delivery;
    bool failed = false;
    try {
      delivery = co_await consumer_.take(*lane.client, home, wait);
    } catch (const std::exception& e) {
      if (!stopping_ && index == 0) core::log_warning("cannot take tasks", {{"error", e.what()}});
      failed = true;
    }
    if (failed) {
      if (!stopping_) co_await sleep(milliseconds(1000));
      continue;
    }
    if (!delivery) continue;
    if (stopping_) break;  // stays in the processing list: leaving hands it back
    lane.task = std::make_shared<RunningTask>(io_.get_executor());
    lane.envelope = delivery->envelope;
    try {
      count(co_await runner_.run(client_, std::move(*delivery), lane.task));
    } catch (const std::exception& e) {
      core::log_error("could not store a task's outcome; it stays taken and will run again",
                      {{"error", e.what()}});
    }
    lane.task.reset();
    lane.envelope.clear();
  }
  lane.client->close();
  --running_lanes_;
  wake();
}

asio::awaitable<void> Worker::heartbeat_loop() {
  const Broker broker(options_.keys);
  bool failing = false;
  while (!leaving_) {
    try {
      co_await consumer_.heartbeat(client_, 5 * options_.heartbeat_interval);
      if (leaving_) break;
      if (const auto returned = co_await consumer_.reclaim_dead(client_); returned > 0) {
        counts_.reclaimed += static_cast<std::uint64_t>(returned);
        core::log_warning("returned the tasks of dead workers to their queues",
                          {{"tasks", returned}});
      }
      if (!stopping_) co_await return_stale_messages();
      co_await stats_.flush(client_);
      if (failing) core::log_info("worker reconnected to Redis");
      failing = false;
    } catch (const std::exception& e) {
      if (!failing) core::log_warning("heartbeat failed", {{"error", e.what()}});
      failing = true;
    }
    if (!leaving_) co_await sleep(options_.heartbeat_interval);
  }
  --running_loops_;
  wake();
}

// A message can sit in this worker's processing list without a lane running it: the
// BLMOVE's reply was lost (timeout, closed connection), or storing an outcome failed. One
// that is still unclaimed one heartbeat later goes back to its queue.
asio::awaitable<void> Worker::return_stale_messages() {
  std::set<std::string> unclaimed;
  for (auto& delivery : co_await consumer_.taken(client_)) {
    const bool running = std::any_of(lanes_.begin(), lanes_.end(), [&](const Lane& lane) {
      return lane.task && lane.envelope == delivery.envelope;
    });
    if (running) continue;
    if (!suspects_.contains(delivery.envelope)) {
      unclaimed.insert(delivery.envelope);
      continue;
    }
    co_await consumer_.hand_back(client_, delivery);
    core::log_warning("returned a task this worker took but is not running",
                      {{"queue", delivery.queue}});
  }
  suspects_ = std::move(unclaimed);
}

asio::awaitable<void> Worker::promote_loop() {
  const Broker broker(options_.keys);
  while (!stopping_) {
    try {
      co_await broker.promote_due(client_, core::now());
    } catch (const std::exception& e) {
      core::log_debug("promoting scheduled tasks failed", {{"error", e.what()}});
    }
    if (!stopping_) co_await sleep(options_.promote_interval);
  }
  --running_loops_;
  wake();
}

void Worker::begin_stop() {
  if (++stop_requests_ > 1) {
    wake();  // ends the grace period
    return;
  }
  stopping_ = true;
  for (auto* sleeper : sleepers_) sleeper->cancel();
  // Aborts the lanes' waiting BLMOVEs (a message it had already moved is handed back when
  // the worker leaves); running tasks use the shared client, not their lane's.
  for (auto& lane : lanes_) lane.client->close();
  asio::co_spawn(io_, shutdown(), asio::detached);
}

template <class Done>
asio::awaitable<void> Worker::wait_until(Done done, Clock::time_point deadline,
                                         bool interruptible) {
  const int requests = stop_requests_;
  while (!done() && Clock::now() < deadline && (!interruptible || stop_requests_ == requests)) {
    wake_.expires_at(deadline);
    boost::system::error_code ignored;
    co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
}

asio::awaitable<void> Worker::shutdown() {
  const auto lanes_done = [this] { return running_lanes_ == 0; };
  co_await wait_until(lanes_done, Clock::now() + options_.shutdown_grace, true);
  if (!lanes_done()) {
    for (auto& lane : lanes_) {
      if (!lane.task) continue;
      lane.task->abandon();
      abandoned_.push_back(lane.task);
    }
    core::log_warning("handing back the tasks still running",
                      {{"tasks", std::int64_t(abandoned_.size())}});
    co_await wait_until(lanes_done, Clock::time_point::max());
  }
  leaving_ = true;
  for (auto* sleeper : sleepers_) sleeper->cancel();
  const auto loops_done = [this] { return running_loops_ == 0; };
  co_await wait_until(loops_done, Clock::time_point::max());
  try {
    const auto returned = co_await consumer_.leave(client_);
    counts_.handed_back += static_cast<std::uint64_t>(returned);
    core::log_info("worker stopped", {{"worker", info().id}, {"handed_back", returned}});
  } catch (const std::exception& e) {
    core::log_error(
        "could not hand tasks back; they return to their queues when this worker's heartbeat "
        "expires",
        {{"error", e.what()}});
  }
  try {
    co_await stats_.flush(client_);
  } catch (const std::exception& e) {
    core::log_warning("could not record the last task statistics", {{"error", e.what()}});
  }
  client_.close();
  if (signals_) signals_->cancel();
  if (options_.on_stopped) options_.on_stopped();
}

asio::awaitable<void> Worker::sleep(milliseconds duration) {
  asio::steady_timer timer(io_, duration);
  sleepers_.insert(&timer);
  boost::system::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  sleepers_.erase(&timer);
}

void Worker::count(TaskOutcome outcome) {
  switch (outcome) {
    case TaskOutcome::succeeded:
      ++counts_.succeeded;
      break;
    case TaskOutcome::retried:
      ++counts_.retried;
      break;
    case TaskOutcome::failed:
      ++counts_.failed;
      break;
    case TaskOutcome::expired:
      ++counts_.expired;
      break;
    case TaskOutcome::rescheduled:
      ++counts_.rescheduled;
      break;
    case TaskOutcome::rejected:
      ++counts_.rejected;
      break;
    case TaskOutcome::abandoned:
      break;  // counted when handed back
  }
}

}  // namespace tessera::queue
