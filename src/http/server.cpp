#include "http/server.hpp"

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/logging.hpp"
#include "http/application.hpp"
#include "http/connection.hpp"

namespace tessera::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// One I/O thread: its io_context, its acceptor and its connections.
struct Worker {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  ConnectionSet connections;
};

asio::awaitable<void> accept_loop(Worker& worker, Application& app, const ServerOptions& options) {
  for (;;) {
    auto [ec, socket] = co_await worker.acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (!worker.acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of descriptors or a connection reset before accept: wait a little, go on.
      core::log_event(core::LogLevel::warning, "accept failed", {{"error", ec.message()}});
      asio::steady_timer pause(worker.io, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    asio::co_spawn(worker.io, serve_connection(std::move(socket), app, options, worker.connections),
                   asio::detached);
  }
}

void open_acceptor(tcp::acceptor& acceptor, const tcp::endpoint& endpoint) {
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  const int on = 1;
  if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0)
    throw std::system_error(errno, std::generic_category(), "SO_REUSEPORT");
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
}

}  // namespace

struct Server::Impl {
  Application& app;
  ServerOptions options;
  std::vector<std::unique_ptr<Worker>> workers;
  std::uint16_t port = 0;
  // The calling thread of run_until_signal() waits here for signals, the grace period and
  // the workers' end.
  asio::io_context control{1};
  asio::steady_timer grace{control};
  std::atomic<bool> stop_requested{false};
  bool cut_off = false;

  // Ends every connection now, finished or not.
  void cut_off_requests() {
    cut_off = true;
    for (auto& worker : workers) worker->io.stop();
  }
};

Server::Server(Application& app, ServerOptions options)
    : impl_(std::make_unique<Impl>(app, std::move(options))) {
  if (impl_->options.threads == 0) impl_->options.threads = 1;
}

Server::~Server() = default;

void Server::bind() {
  auto& o = impl_->options;
  tcp::endpoint endpoint(asio::ip::make_address(o.host), o.port);
  for (unsigned i = 0; i < o.threads; ++i) {
    auto worker = std::make_unique<Worker>();
    open_acceptor(worker->acceptor, endpoint);
    // With port 0 the first acceptor picks the port; the others share it.
    endpoint.port(worker->acceptor.local_endpoint().port());
    impl_->workers.push_back(std::move(worker));
  }
  impl_->port = endpoint.port();
}

std::uint16_t Server::port() const {
  return impl_->port;
}

void Server::stop() {
  if (impl_->stop_requested.exchange(true)) return;
  Impl& impl = *impl_;
  asio::post(impl.control, [&impl] {
    impl.grace.expires_after(impl.options.shutdown_grace);
    impl.grace.async_wait([&impl](const boost::system::error_code& ec) {
      if (!ec) impl.cut_off_requests();
    });
  });
  for (auto& worker : impl.workers) {
    asio::post(worker->io, [w = worker.get(), &impl] {
      boost::system::error_code ignored;
      w->acceptor.close(ignored);
      w->connections.begin_stop();
      if (impl.options.on_thread_stopping) impl.options.on_thread_stopping();
    });
  }
}

void Server::run_until_signal() {
  Impl& impl = *impl_;
  auto keep_running = asio::make_work_guard(impl.control);
  asio::signal_set signals(impl.control, SIGINT, SIGTERM);
  // The first signal starts a graceful stop; a second one cuts the grace period short.
  std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::
                                                                                 error_code& ec,
                                                                             int signal) {
    if (ec) return;
    const char* name = signal == SIGTERM ? "SIGTERM" : "SIGINT";
    if (impl.stop_requested) {
      core::log_event(core::LogLevel::warning, "second signal: stopping now", {{"signal", name}});
      impl.cut_off_requests();
    } else {
      core::log_event(
          core::LogLevel::info, "shutting down",
          {{"signal", name},
           {"grace_ms", static_cast<std::int64_t>(impl.options.shutdown_grace.count())}});
      stop();
    }
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);

  unsigned running = static_cast<unsigned>(impl.workers.size());
  std::vector<std::thread> threads;
  for (auto& worker : impl.workers) {
    asio::co_spawn(worker->io, accept_loop(*worker, impl.app, impl.options), asio::detached);
    threads.emplace_back([&impl, &running, &signals, &keep_running, w = worker.get()] {
      if (impl.options.on_thread_start) impl.options.on_thread_start(w->io);
      w->io.run();
      if (impl.options.on_thread_stop) impl.options.on_thread_stop();
      asio::post(impl.control, [&] {
        if (--running > 0) return;
        impl.grace.cancel();
        signals.cancel();
        keep_running.reset();
      });
    });
  }

  impl.control.run();
  for (auto& thread : threads) thread.join();
  if (impl.cut_off)
    core::log_event(core::LogLevel::warning, "grace period over; open requests were cut off");
  core::log_event(core::LogLevel::info, "server stopped");
}

}  // namespace tessera::http
