#include "queue/queue_metrics.hpp"

#include "redis/client.hpp"

namespace tessera::queue {

namespace asio = boost::asio;

QueueMetrics::QueueMetrics(std::vector<std::string> queues, QueueKeys keys)
    : queues_(std::move(queues)), keys_(std::move(keys)) {}

asio::awaitable<void> QueueMetrics::refresh(redis::Client& client) {
  std::optional<Snapshot> snapshot;
  try {
    Snapshot read;
    for (const auto& queue : queues_)
      read.depths.emplace_back(queue, (co_await client.command("LLEN", queue)).as_integer());
    read.scheduled = (co_await client.command("ZCARD", keys_.scheduled)).as_integer();
    read.dead = (co_await client.command("LLEN", keys_.dead)).as_integer();
    read.workers = (co_await client.command("HLEN", keys_.workers)).as_integer();
    snapshot = std::move(read);
  } catch (const std::exception&) {
    // Reported as tessera_queue_metrics_up 0; /readyz says why.
  }
  const std::lock_guard lock(mutex_);
  last_ = std::move(snapshot);
}

void QueueMetrics::collect(core::MetricsWriter& out) const {
  const std::lock_guard lock(mutex_);
  out.family("tessera_queue_metrics_up", "gauge",
             "1 when the queue gauges below could be read from Redis.");
  out.sample("tessera_queue_metrics_up", {}, last_ ? 1 : 0);
  if (!last_) return;
  out.family("tessera_queue_depth", "gauge", "Tasks waiting in each queue.");
  for (const auto& [queue, depth] : last_->depths)
    out.sample("tessera_queue_depth", {{"queue", queue}}, static_cast<double>(depth));
  out.family("tessera_queue_scheduled", "gauge",
             "Tasks waiting for their countdown, ETA or retry.");
  out.sample("tessera_queue_scheduled", {}, static_cast<double>(last_->scheduled));
  out.family("tessera_queue_dead_letters", "gauge",
             "Tasks that failed for good, kept for inspection.");
  out.sample("tessera_queue_dead_letters", {}, static_cast<double>(last_->dead));
  out.family("tessera_queue_workers", "gauge",
             "Workers registered in Redis (alive or not yet reclaimed).");
  out.sample("tessera_queue_workers", {}, static_cast<double>(last_->workers));
}

}  // namespace tessera::queue
