// `tessera worker` plus tasks that the end-to-end tests need: one that sleeps and records
// its id in a file (to count losses and duplicates), one that always fails, a blocking
// one, and one that kills its own worker. WORKER_CONCURRENCY and WORKER_QUEUES choose what
// it runs.

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fcntl.h>
#include <unistd.h>

#include "app/options.hpp"
#include "app/worker_process.hpp"
#include "core/logging.hpp"
#include "queue/task_registry.hpp"

namespace e2e {

using namespace tessera;
namespace asio = boost::asio;
namespace json = boost::json;

asio::awaitable<void> sleep_ms(std::int64_t ms) {
  asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(ms));
  co_await timer.async_wait(asio::use_awaitable);
}

// One line per run, appended with O_APPEND so that concurrent writers never interleave.
void record(const std::string& path, const std::string& line) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + path);
  const std::string text = line + "\n";
  const auto written = ::write(fd, text.data(), text.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(text.size())) throw std::runtime_error("short write");
}

void add_test_tasks(queue::TaskRegistry& registry) {
  // args: [path, sleep ms]
  registry.add("test.record", [](queue::TaskContext& task) -> asio::awaitable<json::value> {
    const std::string path(task.args.at(0).as_string());
    co_await sleep_ms(task.args.at(1).to_number<std::int64_t>());
    record(path, task.id.str());
    co_return task.id.str();
  });
  registry.add("test.fail", [](queue::TaskContext&) -> asio::awaitable<json::value> {
    throw std::runtime_error("boom");
    co_return nullptr;
  });
  // args: [ms]; gives up when asked to stop.
  registry.add_blocking("test.sleep_blocking", [](const queue::TaskContext& task) -> json::value {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(task.args.at(0).to_number<std::int64_t>());
    while (std::chrono::steady_clock::now() < until) {
      if (task.stop.stop_requested()) throw std::runtime_error("stopped");
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return "slept";
  });
  // A poison message: the worker dies (SIGKILL, as the OOM killer would) each time it runs
  // it, before any outcome is stored. e2e.chaos checks that it ends dead-lettered.
  registry.add("test.crash", [](queue::TaskContext&) -> asio::awaitable<json::value> {
    core::flush_logs();
    ::kill(::getpid(), SIGKILL);
    co_return nullptr;  // never reached
  });
}

}  // namespace e2e

int main() {
  using namespace tessera;
  const auto settings = app::load_settings_or_exit();
  core::init_logging(settings.log_level, settings.log_format);
  app::WorkerProcess process(settings, app::worker_options(settings));
  e2e::add_test_tasks(process.registry());
  return process.run_until_signal();
}
