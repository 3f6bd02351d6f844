#include "http/request_metrics.hpp"

#include <chrono>
#include <functional>
#include <thread>

#include "http/route.hpp"

namespace tessera::http {

std::optional<Response> RequestMetrics::on_request(Context&) {
  in_flight_.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

void RequestMetrics::on_response(Context& ctx, Response& response) {
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.started()).count();
  // Unmatched paths share one label so that scanners cannot grow the series without bound.
  const Route* route = ctx.route();
  Key key{std::string(to_string(ctx.request().method)),
          route ? route->path : std::string("unmatched"), response.status};
  Shard& shard = shards_[std::hash<std::thread::id>{}(std::this_thread::get_id()) % shard_count];
  std::lock_guard lock(shard.mutex);
  shard.series[std::move(key)].observe(seconds);
}

void RequestMetrics::collect(core::MetricsWriter& out) const {
  std::map<Key, core::HistogramBuckets> merged;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (const auto& [key, buckets] : shard.series) merged[key].merge(buckets);
  }

  out.family("http_requests_total", "counter", "HTTP requests by method, route and status.");
  for (const auto& [key, buckets] : merged) {
    const auto& [method, route, status] = key;
    const std::string code = std::to_string(status);
    out.sample("http_requests_total", {{"method", method}, {"route", route}, {"status", code}},
               static_cast<double>(buckets.count));
  }
  out.family("http_request_duration_seconds", "histogram",
             "HTTP request latency by method, route and status.");
  for (const auto& [key, buckets] : merged) {
    const auto& [method, route, status] = key;
    const std::string code = std::to_string(status);
    buckets.write(out, "http_request_duration_seconds",
                  {{"method", method}, {"route", route}, {"status", code}});
  }
  out.family("http_requests_in_flight", "gauge", "HTTP requests being served now.");
  out.sample("http_requests_in_flight", {},
             static_cast<double>(in_flight_.load(std::memory_order_relaxed)));
}

}  // namespace tessera::http
