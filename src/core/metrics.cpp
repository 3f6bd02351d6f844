#include "core/metrics.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <unistd.h>

namespace tessera::core {
namespace {

void append_number(std::string& out, double value) {
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buf[32];
  const double rounded = std::nearbyint(value);
  const int n = (rounded == value && std::fabs(value) < 1e15)
                    ? std::snprintf(buf, sizeof buf, "%.0f", value)
                    : std::snprintf(buf, sizeof buf, "%.9g", value);
  out.append(buf, static_cast<std::size_t>(n));
}

// Label values escape backslash, double quote and newline.
void append_label_value(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

const auto process_start = std::chrono::system_clock::now();

}  // namespace

void MetricsWriter::family(std::string_view name, std::string_view type, std::string_view help) {
  out_.append("# HELP ").append(name).append(" ");
  for (char c : help) out_ += c == '\n' ? ' ' : c;
  out_.append("\n# TYPE ").append(name).append(" ").append(type).append("\n");
}

void MetricsWriter::sample(std::string_view name, std::initializer_list<MetricLabel> labels,
                           double value) {
  sample(name, labels.begin(), labels.size(), value);
}

void MetricsWriter::sample(std::string_view name, const std::vector<MetricLabel>& labels,
                           double value) {
  sample(name, labels.data(), labels.size(), value);
}

void MetricsWriter::sample(std::string_view name, const MetricLabel* labels, std::size_t count,
                           double value) {
  out_.append(name);
  if (count > 0) {
    out_ += '{';
    for (std::size_t i = 0; i < count; ++i) {
      if (i > 0) out_ += ',';
      out_.append(labels[i].name).append("=\"");
      append_label_value(out_, labels[i].value);
      out_ += '"';
    }
    out_ += '}';
  }
  out_ += ' ';
  append_number(out_, value);
  out_ += '\n';
}

void HistogramBuckets::observe(double seconds) {
  std::size_t i = 0;
  while (i < size && seconds > bounds[i]) ++i;
  ++counts[i];
  sum += seconds;
  ++count;
}

void HistogramBuckets::merge(const HistogramBuckets& other) {
  for (std::size_t i = 0; i <= size; ++i) counts[i] += other.counts[i];
  sum += other.sum;
  count += other.count;
}

void HistogramBuckets::write(MetricsWriter& out, std::string_view name,
                             std::vector<MetricLabel> labels) const {
  const std::string bucket = std::string(name) + "_bucket";
  std::uint64_t cumulative = 0;
  char le[32];
  labels.push_back({"le", ""});
  for (std::size_t i = 0; i <= size; ++i) {
    cumulative += counts[i];
    if (i < size) {
      std::snprintf(le, sizeof le, "%g", bounds[i]);
      labels.back().value = le;
    } else {
      labels.back().value = "+Inf";
    }
    out.sample(bucket, labels, static_cast<double>(cumulative));
  }
  labels.pop_back();
  out.sample(std::string(name) + "_sum", labels, sum);
  out.sample(std::string(name) + "_count", labels, static_cast<double>(count));
}

void MetricsRegistry::add_collector(Collector collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::render() const {
  MetricsWriter out;
  std::lock_guard lock(mutex_);
  for (const auto& collect : collectors_) collect(out);
  return out.text();
}

void write_process_metrics(MetricsWriter& out) {
  using namespace std::chrono;
  out.family("process_start_time_seconds", "gauge",
             "Start time of the process since the Unix epoch.");
  out.sample("process_start_time_seconds", {},
             duration_cast<duration<double>>(process_start.time_since_epoch()).count());

  long pages = 0, resident = 0;
  if (std::ifstream statm("/proc/self/statm"); statm >> pages >> resident) {
    out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    out.sample("process_resident_memory_bytes", {},
               static_cast<double>(resident) * ::sysconf(_SC_PAGESIZE));
  }
}

}  // namespace tessera::core
