#include "queue/task_stats.hpp"

#include <charconv>
#include <string>

#include "redis/client.hpp"
#include "redis/script.hpp"

namespace tessera::queue {
namespace {

namespace asio = boost::asio;

// Fields "<task>|<outcome>", "<task>|sum", and "<task>|b<i>" for the i-th bucket of
// HistogramBuckets (not cumulative: the reader adds them up). Task names hold no '|'
// (Celery's are dotted identifiers); one that does is still stored, just read back split
// at its last '|'. ARGV: field, increment, field, increment, ...; "|sum" fields are floats.
const redis::Script add_script(R"(
for i = 1, #ARGV, 2 do
  if string.sub(ARGV[i], -4) == '|sum' then
    redis.call('HINCRBYFLOAT', KEYS[1], ARGV[i], ARGV[i + 1])
  else
    redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
return 1)");

std::size_t bucket_of(double seconds) {
  std::size_t i = 0;
  while (i < core::HistogramBuckets::size && seconds > core::HistogramBuckets::bounds[i]) ++i;
  return i;  // size: +Inf
}

template <class T>
std::optional<T> number(std::string_view text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

void TaskStatsBuffer::add(std::string_view name, std::string_view outcome, double seconds) {
  const std::string task(name);
  ++counts_[task + "|" + std::string(outcome)];
  ++counts_[task + "|b" + std::to_string(bucket_of(seconds))];
  sums_[task + "|sum"] += seconds;
}

asio::awaitable<void> TaskStatsBuffer::flush(redis::Client& client) {
  if (counts_.empty()) co_return;
  redis::Args keys{std::string(kTaskStatsKey)};
  redis::Args args;
  for (const auto& [field, count] : counts_) {
    args.push_back(field);
    args.push_back(std::to_string(count));
  }
  for (const auto& [field, sum] : sums_) {
    args.push_back(field);
    args.push_back(std::to_string(sum));
  }
  co_await client.eval(add_script, std::move(keys), std::move(args));
  counts_.clear();
  sums_.clear();
}

asio::awaitable<void> TaskStats::refresh(redis::Client& client) {
  std::optional<std::map<std::string, PerTask>> read;
  try {
    const redis::Reply reply = co_await client.command("HGETALL", std::string(kTaskStatsKey));
    const auto& items = reply.as_array();
    read.emplace();
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      const std::string field = items[i].as_string(), value = items[i + 1].as_string();
      const auto bar = field.rfind('|');
      if (bar == std::string::npos) continue;
      PerTask& task = (*read)[field.substr(0, bar)];
      const std::string_view what = std::string_view(field).substr(bar + 1);
      if (what == "sum") {
        task.duration.sum = std::stod(value);
      } else if (what.size() > 1 && what[0] == 'b') {
        const auto index = number<std::size_t>(what.substr(1));
        const auto count = number<std::uint64_t>(value);
        if (index && count && *index <= core::HistogramBuckets::size) {
          task.duration.counts[*index] += *count;
          task.duration.count += *count;
        }
      } else if (const auto count = number<std::uint64_t>(value)) {
        task.outcomes[std::string(what)] = *count;
      }
    }
  } catch (const std::exception&) {
    read.reset();  // Redis down or a hash nobody here wrote: left out this time
  }
  const std::lock_guard lock(mutex_);
  last_ = std::move(read);
}

void TaskStats::collect(core::MetricsWriter& out) const {
  const std::lock_guard lock(mutex_);
  if (!last_ || last_->empty()) return;
  out.family("tessera_task_runs_total", "counter",
             "Task runs by task name and how they ended (succeeded, retried, failed).");
  for (const auto& [name, task] : *last_)
    for (const auto& [outcome, count] : task.outcomes)
      out.sample("tessera_task_runs_total", {{"task", name}, {"outcome", outcome}},
                 static_cast<double>(count));
  out.family("tessera_task_duration_seconds", "histogram",
             "How long task runs took in the workers, by task name.");
  for (const auto& [name, task] : *last_)
    task.duration.write(out, "tessera_task_duration_seconds", {{"task", name}});
}

}  // namespace tessera::queue
