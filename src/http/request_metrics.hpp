#pragma once
// Request count and latency by method, route template and status, and requests in
// flight: a middleware that records and a collector that renders them.

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "core/metrics.hpp"
#include "http/middleware.hpp"
#include "http/request.hpp"

namespace tessera::http {

struct Route;

class RequestMetrics final : public Middleware {
 public:
  std::optional<Response> on_request(Context& ctx) override;
  void on_response(Context& ctx, Response& response) override;
  void collect(core::MetricsWriter& out) const;

 private:
  // Routes live as long as the process, so the key needs no string (no allocation per
  // request); a null route stands for every unmatched path.
  using Key = std::tuple<Method, const Route*, int>;
  // Shards keep I/O threads from contending on one lock; a scrape merges them.
  struct Shard {
    mutable std::mutex mutex;
    std::map<Key, core::HistogramBuckets> series;
  };
  static constexpr std::size_t shard_count = 8;

  std::array<Shard, shard_count> shards_;
  std::atomic<long> in_flight_{0};
};

}  // namespace tessera::http
