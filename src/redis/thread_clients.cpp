#include "redis/thread_clients.hpp"

namespace tessera::redis {

void ThreadClients::collect(core::MetricsWriter& out) const {
  double connected = 0, reconnects = 0, connect_failures = 0, command_errors = 0, timeouts = 0;
  for_each([&](const Client& client) {
    const auto stats = client.stats();
    connected += stats.connected ? 1 : 0;
    reconnects += static_cast<double>(stats.reconnects);
    connect_failures += static_cast<double>(stats.connect_failures);
    command_errors += static_cast<double>(stats.command_errors);
    timeouts += static_cast<double>(stats.timeouts);
  });
  out.family("redis_connected", "gauge",
             "Redis connections open now (one per I/O thread at most).");
  out.sample("redis_connected", {}, connected);
  out.family("redis_reconnects_total", "counter", "Redis connections opened after a lost one.");
  out.sample("redis_reconnects_total", {}, reconnects);
  out.family("redis_connect_failures_total", "counter", "Failed attempts to connect to Redis.");
  out.sample("redis_connect_failures_total", {}, connect_failures);
  out.family("redis_command_errors_total", "counter",
             "Redis commands that failed: unavailable or timed out.");
  out.sample("redis_command_errors_total", {}, command_errors);
  out.family("redis_command_timeouts_total", "counter",
             "Redis commands without an answer in time.");
  out.sample("redis_command_timeouts_total", {}, timeouts);
}

}  // namespace tessera::redis
