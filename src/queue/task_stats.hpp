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

// A worker's runs since its last flush, added to the hash in one atomic script every
// heartbeat: statistics cost Redis one command per interval, not one per task. Touched by
// the worker's thread only.
class TaskStatsBuffer {
 public:
  // One run of task `name` that ended as `outcome` ("succeeded", "retried", "failed").
  void add(std::string_view name, std::string_view outcome, double seconds);
  bool empty() const { return counts_.empty(); }
  // Adds the buffered runs to the hash and forgets them; on failure (Redis down) they stay
  // for the next flush, and the exception propagates.
  boost::asio::awaitable<void> flush(redis::Client& client);

 private:
  std::map<std::string, std::uint64_t> counts_;  // hash field -> increment
  std::map<std::string, double> sums_;           // "<task>|sum" -> seconds
};

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
