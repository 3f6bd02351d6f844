#pragma once
// Prometheus text exposition: a registry of collectors, each writing its own families.
// Lower layers (pools, clients) register collectors; /metrics renders them all.

#include <functional>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::core {

struct MetricLabel {
  std::string_view name;
  std::string_view value;
};

class MetricsWriter {
 public:
  // "# HELP" and "# TYPE" lines; type is counter, gauge or histogram.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, std::initializer_list<MetricLabel> labels, double value);
  void sample(std::string_view name, const std::vector<MetricLabel>& labels, double value);
  const std::string& text() const { return out_; }

 private:
  void sample(std::string_view name, const MetricLabel* labels, std::size_t count, double value);
  std::string out_;
};

// Fixed-bucket latency histogram values (seconds), as Prometheus cumulative buckets.
struct HistogramBuckets {
  static constexpr double bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                      0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  static constexpr std::size_t size = std::size(bounds);
  std::uint64_t counts[size + 1] = {};  // the last one is +Inf
  double sum = 0;
  std::uint64_t count = 0;

  void observe(double seconds);
  void merge(const HistogramBuckets& other);
  // Writes name_bucket{...,le="..."}, name_sum and name_count.
  void write(MetricsWriter& out, std::string_view name, std::vector<MetricLabel> labels) const;
};

class MetricsRegistry {
 public:
  using Collector = std::function<void(MetricsWriter&)>;
  void add_collector(Collector collector);
  std::string render() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Collector> collectors_;
};

// Process-wide families: start time and resident memory.
void write_process_metrics(MetricsWriter& out);

}  // namespace tessera::core
