// Primary-key lookups per second through tessera's pool, for bench/db: the same query as
// `pgbench -S -M prepared` (SELECT abalance FROM pgbench_accounts WHERE aid = $1).
//
//   pk_lookup CLIENTS THREADS SECONDS SCALE
//
// CLIENTS coroutines in all, spread over THREADS I/O threads; each thread has its own pool
// (as `tessera serve` does) with one connection per coroutine, as pgbench -c gives one
// connection per client. Connection settings come from DB_HOST, DB_PORT, DB_USER, DB_PASS,
// DB_NAME. Prints "lookups/s p50_ms p99_ms".

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "db/pool.hpp"

namespace asio = boost::asio;
using namespace tessera;
using Clock = std::chrono::steady_clock;

constexpr db::Query lookup{"bench_pk_lookup",
                           "SELECT abalance FROM pgbench_accounts WHERE aid = $1"};

std::string env(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

asio::awaitable<void> client(db::Pool& pool, Clock::time_point end, int accounts, unsigned seed,
                             std::vector<double>& latencies_ms, std::atomic<long>& done) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> aid(1, accounts);
  while (Clock::now() < end) {
    const auto started = Clock::now();
    auto result = co_await pool.execute(lookup, db::make_params(aid(random)));
    if (result.rows() != 1) std::abort();
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - started).count());
  }
  ++done;
}

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: pk_lookup CLIENTS THREADS SECONDS SCALE\n");
    return 2;
  }
  const int clients = std::atoi(argv[1]);
  const int threads = std::max(1, std::atoi(argv[2]));
  const int seconds = std::atoi(argv[3]);
  const int accounts = std::atoi(argv[4]) * 100000;
  db::ConnectOptions options{.host = env("DB_HOST", "127.0.0.1"),
                             .port = static_cast<std::uint16_t>(std::stoi(env("DB_PORT", "5432"))),
                             .user = env("DB_USER", "tessera"),
                             .password = env("DB_PASS", ""),
                             .dbname = env("DB_NAME", "tessera")};

  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
  std::atomic<long> done{0};
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      asio::io_context io(1);
      const int mine = clients / threads + (t < clients % threads ? 1 : 0);
      db::Pool pool(io.get_executor(), options,
                    db::PoolOptions{.size = static_cast<std::size_t>(mine),
                                    .acquire_timeout = std::chrono::seconds(10)});
      for (int c = 0; c < mine; ++c) {
        const auto index = static_cast<std::size_t>(t + c * threads);
        asio::co_spawn(
            io, client(pool, end, accounts, static_cast<unsigned>(index), latencies[index], done),
            asio::detached);
      }
      io.run();
    });
  }
  for (auto& w : workers) w.join();

  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  if (all.empty() || done != clients) {
    std::fprintf(stderr, "pk_lookup: clients failed\n");
    return 1;
  }
  std::sort(all.begin(), all.end());
  std::printf("%.0f %.3f %.3f\n", static_cast<double>(all.size()) / seconds, all[all.size() / 2],
              all[all.size() * 99 / 100]);
}
