// The cost of the transactional outbox on the upload path, for bench/queue/outbox: tasks
// per second from a committed row to its task on the Redis queue, two ways, in one run:
//
//   direct  the row committed in its own transaction, then the task pushed (Broker::enqueue):
//           what the upload did before the outbox (a crash between the two lost the task)
//   outbox  the row and its task in one transaction (TaskOutbox::add), moved to Redis by
//           the relay woken at the commit (OutboxRelay): a crash loses neither
//
//   outbox_enqueue TASKS CLIENTS RUNS
//
// CLIENTS coroutines on one I/O thread (one API thread's share), each with its own pooled
// connection. The clock stops when the queue holds all TASKS messages. PostgreSQL from DB_*
// (migrated: task_outbox must exist), Redis from REDIS_HOST, REDIS_PORT. Prints a Markdown
// table of the median tasks/s of RUNS rounds, taking turns, and the ratio.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/describe/class.hpp>

#include "db/pool.hpp"
#include "queue/broker.hpp"
#include "queue/task_args.hpp"
#include "redis/client.hpp"
#include "services/task_outbox.hpp"

namespace asio = boost::asio;
using namespace tessera;
using Clock = std::chrono::steady_clock;

struct UploadedArgs {
  static constexpr std::string_view task = "tessera.echo";
  std::string upload;
};
BOOST_DESCRIBE_STRUCT(UploadedArgs, (), (upload))

constexpr db::Query create_rows{"bench_outbox_create",
                                "CREATE TABLE IF NOT EXISTS bench_uploads (id uuid PRIMARY KEY)"};
constexpr db::Query insert_row{"bench_outbox_insert", "INSERT INTO bench_uploads (id) VALUES ($1)"};
constexpr db::Query clear_rows{"bench_outbox_clear", "TRUNCATE bench_uploads"};
const std::string kQueue = "bench-outbox";

std::string env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

struct Bench {
  db::Pool& pool;
  redis::Client& redis;
  const queue::Broker& broker;
  const services::TaskOutbox& outbox;
  int remaining = 0;

  // Commits one uploaded row after another, each with its task, until none remain.
  asio::awaitable<void> client(bool use_outbox) {
    while (remaining > 0) {
      --remaining;
      const auto id = core::Uuid::random();
      queue::EnqueueOptions options;
      options.queue = kQueue;
      const UploadedArgs args{.upload = id.str()};
      auto tx = co_await pool.begin();
      co_await tx.execute(insert_row, db::make_params(id));
      if (use_outbox) co_await outbox.add(tx, args, std::move(options));
      co_await tx.commit();
      if (use_outbox)
        outbox.committed();
      else
        co_await broker.enqueue(redis, args, std::move(options));
    }
  }
};

asio::awaitable<std::int64_t> queued(redis::Client& redis) {
  co_return (co_await redis.command("LLEN", kQueue)).as_integer();
}

// One round: tasks/s until the queue holds `tasks` messages.
asio::awaitable<double> round(Bench& bench, bool use_outbox, int tasks, int clients) {
  co_await bench.redis.command("DEL", kQueue);
  co_await bench.pool.execute(clear_rows, {});
  bench.remaining = tasks;
  const auto executor = co_await asio::this_coro::executor;
  const auto started = Clock::now();
  for (int c = 0; c < clients; ++c)
    asio::co_spawn(executor, bench.client(use_outbox), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  asio::steady_timer poll(executor);
  for (;;) {
    const auto n = co_await queued(bench.redis);
    if (n >= tasks) break;
    poll.expires_after(std::chrono::milliseconds(1));
    co_await poll.async_wait(asio::use_awaitable);
  }
  co_return tasks / std::chrono::duration<double>(Clock::now() - started).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: outbox_enqueue TASKS CLIENTS RUNS\n");
    return 2;
  }
  const int tasks = std::atoi(argv[1]);
  const int clients = std::max(1, std::atoi(argv[2]));
  const int runs = std::max(1, std::atoi(argv[3]));
  asio::io_context io(1);
  db::Pool pool(
      io.get_executor(),
      db::ConnectOptions{.host = env("DB_HOST", "127.0.0.1"),
                         .port = static_cast<std::uint16_t>(std::stoi(env("DB_PORT", "5432"))),
                         .user = env("DB_USER", "tessera"),
                         .password = env("DB_PASS", ""),
                         .dbname = env("DB_NAME", "tessera")},
      db::PoolOptions{.size = static_cast<std::size_t>(clients) + 1,
                      .acquire_timeout = std::chrono::seconds(10)});
  redis::ClientOptions redis_options;
  redis_options.host = env("REDIS_HOST", "127.0.0.1");
  redis_options.port = static_cast<std::uint16_t>(std::stoi(env("REDIS_PORT", "6379")));
  redis::Client redis(io.get_executor(), redis_options);
  redis::Client relay_redis(io.get_executor(), redis_options);
  queue::QueueKeys keys;
  keys.sent_prefix = "bench:sent:";
  services::ThreadRelays relays;
  auto& relay = relays.start_thread(pool, relay_redis, keys);
  const services::TaskOutbox outbox(&relays);
  const queue::Broker broker(keys);
  Bench bench{pool, redis, broker, outbox};

  std::vector<double> direct, outboxed;
  auto work = [&]() -> asio::awaitable<void> {
    co_await pool.execute(create_rows, {});
    for (int r = 0; r < runs; ++r) {
      direct.push_back(co_await round(bench, false, tasks, clients));
      outboxed.push_back(co_await round(bench, true, tasks, clients));
    }
    co_await redis.command("DEL", kQueue);
    relay.stop();
    redis.close();
    relay_redis.close();
  };
  asio::co_spawn(io, relay.run(), asio::detached);
  asio::co_spawn(io, work(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run();
  relays.stop_thread();
  const double d = median(direct), o = median(outboxed);
  std::printf("| enqueue after a committed row | tasks/s (median of %d) | of direct |\n", runs);
  std::printf("| --- | --- | --- |\n");
  std::printf("| direct (row, then LPUSH) | %.0f | 1.00 |\n", d);
  std::printf("| outbox (row + task in one transaction, relayed) | %.0f | %.2f |\n", o, o / d);
}
