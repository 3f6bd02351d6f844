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
  const Key key{ctx.request().method, ctx.route(), response.status};
  thread_local const std::size_t shard_index =
      std::hash<std::thread::id>{}(std::this_thread::get_id()) % shard_count;
  std::lock_guard lock(shards_[shard_index].mutex);
  shards_[shard_index].series[key].observe(seconds);
}

void RequestMetrics::collect(core::MetricsWriter& out) const {
  // Labelled by route template; unmatched paths share one label so that scanners cannot
  // grow the series without bound.
  std::map<std::tuple<std::string_view, std::string_view, int>, core::HistogramBuckets> merged;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (const auto& [key, buckets] : shard.series) {
      const auto& [method, route, status] = key;
      merged[{to_string(method), route ? std::string_view(route->path) : "unmatched", status}]
          .merge(buckets);
    }
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
