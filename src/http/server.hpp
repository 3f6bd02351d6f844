#pragma once
// The HTTP/1.1 server: one io_context per thread, each with its own SO_REUSEPORT
// acceptor, so a request never crosses threads. Beast stays inside server.cpp and
// connection.cpp.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/ip_network.hpp"

namespace boost::asio {
class io_context;
}

namespace tessera::http {

class Application;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;  // 0: any free port (see Server::port())
  unsigned threads = 1;
  std::uint64_t max_body_bytes = 1 << 20;
  std::uint32_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};
  std::chrono::milliseconds idle_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  // Peers whose X-Forwarded-For names the client (FORWARDED_ALLOW_IPS).
  std::vector<core::IpNetwork> trusted_proxies;
  // Run on each I/O thread before it serves and after it has stopped (while its io_context
  // still exists): per-thread resources such as connection pools live between the two.
  std::function<void(boost::asio::io_context&)> on_thread_start;
  std::function<void()> on_thread_stop;
  // Run on each I/O thread when a graceful stop begins: what keeps an idle io_context busy
  // (an open Redis connection's read) is closed here, so that the thread can finish.
  std::function<void()> on_thread_stopping;
};

class Server {
 public:
  Server(Application& app, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listeners; throws std::system_error when the address cannot be used.
  void bind();
  // The bound port (after bind()).
  std::uint16_t port() const;
  // Serves until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish
  // within the grace period, closes idle connections and returns.
  void run_until_signal();
  // Starts a graceful stop from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tessera::http
