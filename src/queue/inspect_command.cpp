#include "queue/inspect_command.hpp"

#include <iostream>
#include <sstream>

#include "core/errors.hpp"
#include "core/run_to_completion.hpp"
#include "core/timestamp.hpp"
#include "queue/broker.hpp"
#include "queue/consumer.hpp"
#include "redis/reply.hpp"

namespace tessera::queue {
namespace {

namespace asio = boost::asio;

asio::awaitable<void> print_report(redis::Client& client, const std::vector<std::string>& queues,
                                   std::ostream& out) {
  const Broker broker;
  for (const auto& queue : queues)
    out << "queue " << queue << ": " << co_await broker.depth(client, queue) << " waiting\n";
  const auto workers = co_await Consumer::workers(client, broker.keys());
  out << "workers: " << workers.size() << "\n";
  for (const auto& worker : workers) {
    std::string queues;
    for (const auto& queue : worker.info.queues) queues += (queues.empty() ? "" : ",") + queue;
    out << "  " << worker.info.id << (worker.alive ? " alive" : " not responding") << ", queues "
        << queues << ", concurrency " << worker.info.concurrency << ", since "
        << core::format_rfc3339(worker.info.started_at) << ": " << worker.taken.size()
        << " in progress\n";
    for (const auto& taken : worker.taken) {
      try {
        const TaskMessage message = decode_message(taken.envelope);
        out << "    " << message.name << " " << message.id.str() << " (retries " << message.retries
            << ")\n";
      } catch (const MessageError&) {
        out << "    (undecodable message from " << taken.queue << ")\n";
      }
    }
  }
  out << "scheduled (countdown, ETA, retries): " << co_await broker.scheduled_count(client) << "\n";
  out << "dead-lettered: " << co_await broker.dead_count(client) << "\n";
  for (const auto& dead : co_await broker.dead_letters(client, 10)) {
    out << "  " << core::format_rfc3339(dead.failed_at) << " "
        << (dead.message ? dead.message->name + " " + dead.message->id.str()
                         : std::string("(undecodable)"))
        << ": " << dead.reason << "\n";
  }
}

// An open connection keeps io.run() going: close it however the report ends.
asio::awaitable<void> report(asio::any_io_executor executor, redis::ClientOptions options,
                             const std::vector<std::string>& queues, std::ostream& out) {
  redis::Client client(executor, options);
  std::exception_ptr failure;
  try {
    co_await print_report(client, queues, out);
  } catch (...) {
    failure = std::current_exception();
  }
  client.close();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

int inspect_tasks(const redis::ClientOptions& options, const std::vector<std::string>& queues) {
  std::ostringstream out;  // printed whole, or not at all
  try {
    core::run_to_completion(
        [&](asio::any_io_executor executor) { return report(executor, options, queues, out); });
    std::cout << out.str();
    return 0;
  } catch (const core::UnavailableError& e) {
    std::cerr << "tessera tasks: " << e.what() << "\n";
  } catch (const redis::Error& e) {
    std::cerr << "tessera tasks: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace tessera::queue
