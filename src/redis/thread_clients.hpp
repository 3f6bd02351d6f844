#pragma once
// One Redis client per I/O thread (core::PerThread), with their metrics.

#include "core/metrics.hpp"
#include "core/per_thread.hpp"
#include "redis/client.hpp"

namespace tessera::redis {

class ThreadClients : public core::PerThread<Client> {
 public:
  explicit ThreadClients(ClientOptions options) : options_(std::move(options)) {}

  void start_thread(boost::asio::any_io_executor executor) {
    core::PerThread<Client>::start_thread(std::move(executor), options_);
  }

  // redis_connected, redis_reconnects_total, ... over every client.
  void collect(core::MetricsWriter& out) const;

 private:
  ClientOptions options_;
};

}  // namespace tessera::redis
