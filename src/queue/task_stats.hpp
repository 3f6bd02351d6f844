#pragma once
// How many runs of each task succeeded, were retried or failed, and how long they took:
// workers add to one Redis hash after every run, and the API's /metrics reads it when
// scraped (workers have no HTTP port of their own). Counts are since the hash was created,
// across every worker, as Prometheus counters expect.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "core/metrics.hpp"

namespace tessera::redis {
class Client;
}

namespace tessera::queue {

inline constexpr std::string_view kTaskStatsKey = "tessera:task_stats";

// Adds one run of task `name` that ended as `outcome` ("succeeded", "retried", "failed")
// after `seconds`. One atomic script; Redis being down throws (callers log and go on).
boost::asio::awaitable<void> record_task_run(redis::Client& client, std::string_view name,
                                             std::string_view outcome, double seconds);

class TaskStats {
 public:
  // Reads the hash with the calling thread's client; never throws (Redis down: the families
  // are left out until it answers again).
  boost::asio::awaitable<void> refresh(redis::Client& client);
  // tessera_task_runs_total{task,outcome} and tessera_task_duration_seconds{task}.
  void collect(core::MetricsWriter& out) const;

 private:
  struct PerTask {
    std::map<std::string, std::uint64_t> outcomes;
    core::HistogramBuckets duration;
  };

  mutable std::mutex mutex_;
  std::optional<std::map<std::string, PerTask>> last_;
};

}  // namespace tessera::queue
