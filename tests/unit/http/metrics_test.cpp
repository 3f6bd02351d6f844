#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include "http/request_metrics.hpp"
#include "http/route.hpp"

namespace tessera {
namespace {

TEST(MetricsWriter, WritesHelpTypeAndEscapedLabels) {
  core::MetricsWriter out;
  out.family("jobs_total", "counter", "Jobs done.\nAll of them.");
  out.sample("jobs_total", {{"queue", "a\"b\\c\nd"}}, 3);
  out.sample("jobs_total", {}, 0.25);
  EXPECT_EQ(out.text(),
            "# HELP jobs_total Jobs done. All of them.\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{queue=\"a\\\"b\\\\c\\nd\"} 3\n"
            "jobs_total 0.25\n");
}

TEST(HistogramBuckets, AreCumulativeWithSumAndCount) {
  core::HistogramBuckets h;
  h.observe(0.0005);
  h.observe(0.003);
  h.observe(20);
  core::MetricsWriter out;
  h.write(out, "lat", {{"route", "/x"}});
  const std::string& text = out.text();
  EXPECT_NE(text.find("lat_bucket{route=\"/x\",le=\"0.001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_bucket{route=\"/x\",le=\"0.0025\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_bucket{route=\"/x\",le=\"0.005\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_bucket{route=\"/x\",le=\"10\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_bucket{route=\"/x\",le=\"+Inf\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_sum{route=\"/x\"} 20.0035\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_count{route=\"/x\"} 3\n"), std::string::npos) << text;
}

TEST(RequestMetrics, CountsByRouteTemplateAndStatus) {
  http::RequestMetrics metrics;
  http::Route route;
  route.path = "/api/v1/users/{id}";
  for (int status : {200, 200, 404}) {
    http::Request request{.method = http::Method::get, .path = "/api/v1/users/abc"};
    http::Context ctx(request);
    ctx.set_route(status == 404 ? nullptr : &route, {});
    metrics.on_request(ctx);
    http::Response response{.status = status};
    metrics.on_response(ctx, response);
  }
  core::MetricsWriter out;
  metrics.collect(out);
  const std::string& text = out.text();
  EXPECT_NE(
      text.find(
          "http_requests_total{method=\"GET\",route=\"/api/v1/users/{id}\",status=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("http_requests_in_flight 0\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("/api/v1/users/abc"), std::string::npos);
}

TEST(MetricsRegistry, RendersEveryCollector) {
  core::MetricsRegistry registry;
  registry.add_collector([](core::MetricsWriter& out) { out.sample("a", {}, 1); });
  registry.add_collector([](core::MetricsWriter& out) { out.sample("b", {}, 2); });
  EXPECT_EQ(registry.render(), "a 1\nb 2\n");
}

}  // namespace
}  // namespace tessera
