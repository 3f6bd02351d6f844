// The ceiling for bench/http: the smallest Boost.Beast coroutine server that answers every
// request with {"status":"ok"}, keep-alive, nothing else.
//
//   beast_hello PORT THREADS [per-thread|shared]
//
// per-thread: one io_context per thread, each with its own SO_REUSEPORT acceptor (as tessera);
// shared:     one io_context and one acceptor, run by every thread.

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <sys/socket.h>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using asio::ip::tcp;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

asio::awaitable<void> session(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  stream.socket().set_option(tcp::no_delay(true));
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> request;
    auto [read_ec, n] = co_await http::async_read(stream, buffer, request, nothrow);
    if (read_ec) break;
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.set(http::field::content_type, "application/json");
    response.body() = R"({"status":"ok"})";
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    auto [write_ec, m] = co_await http::async_write(stream, response, nothrow);
    if (write_ec || !request.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(nothrow);
    if (ec) co_return;
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket)), asio::detached);
  }
}

void open(tcp::acceptor& acceptor, unsigned short port) {
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  const int on = 1;
  ::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: beast_hello PORT THREADS [per-thread|shared]\n";
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
  const unsigned threads = static_cast<unsigned>(std::max(1, std::atoi(argv[2])));
  const bool shared = argc > 3 && std::string(argv[3]) == "shared";

  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  for (unsigned i = 0; i < (shared ? 1 : threads); ++i) {
    contexts.push_back(std::make_unique<asio::io_context>(shared ? threads : 1));
    acceptors.push_back(std::make_unique<tcp::acceptor>(*contexts.back()));
    open(*acceptors.back(), port);
    asio::co_spawn(*contexts.back(), listen(*acceptors.back()), asio::detached);
  }
  asio::signal_set signals(*contexts.front(), SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) {
    for (auto& io : contexts) io->stop();
  });

  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i)
    pool.emplace_back([&, i] { contexts[shared ? 0 : i]->run(); });
  for (auto& t : pool) t.join();
}
