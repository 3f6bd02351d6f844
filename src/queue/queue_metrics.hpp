#pragma once
// Queue gauges for the API's /metrics: depth of each queue, scheduled and dead-lettered
// tasks, known workers. They live in Redis, so they are read (a few commands) when /metrics
// is asked for, not kept up to date in between.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/metrics.hpp"
#include "queue/keys.hpp"

namespace tessera::redis {
class Client;
}

namespace tessera::queue {

class QueueMetrics {
 public:
  QueueMetrics(std::vector<std::string> queues, QueueKeys keys = {});

  // Reads the gauges with the calling thread's client; never throws (Redis down: the
  // gauges are left out and tessera_queue_metrics_up is 0).
  boost::asio::awaitable<void> refresh(redis::Client& client);
  void collect(core::MetricsWriter& out) const;

 private:
  struct Snapshot {
    std::vector<std::pair<std::string, std::int64_t>> depths;
    std::int64_t scheduled = 0, dead = 0, workers = 0;
  };

  std::vector<std::string> queues_;
  QueueKeys keys_;
  mutable std::mutex mutex_;
  std::optional<Snapshot> last_;  // none while Redis does not answer
};

}  // namespace tessera::queue
