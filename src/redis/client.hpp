#pragma once
// One Redis connection for one I/O thread (not thread-safe, like db::Pool): commands from
// any number of coroutines are pipelined on it, each answered in order by hiredis. The
// connection opens on first use (AUTH and SELECT from the options) and reopens after a
// disconnect, backing off while the server stays unreachable. A server that is down, a
// lost connection or a command past its timeout is a core::UnavailableError, never a hang.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "redis/reply.hpp"
#include "redis/script.hpp"

struct redisAsyncContext;

namespace tessera::redis {

struct ClientOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::optional<std::string> password;
  int db = 0;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{2000};
  std::chrono::milliseconds max_reconnect_backoff{5000};
};

struct CommandOptions {
  // Longer than command_timeout for a blocking command (BLMOVE); unset: command_timeout.
  std::optional<std::chrono::milliseconds> timeout;
  // Return an error reply as a Reply instead of throwing redis::Error.
  bool raw_errors = false;
};

struct SetOptions {
  std::optional<std::chrono::milliseconds> ttl;  // PX
  bool only_if_absent = false;                   // NX
};

// Arguments of one command, binary-safe (a value may hold any byte, NUL included).
using Args = std::vector<std::string>;

class Client {
 public:
  Client(boost::asio::any_io_executor executor, ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one command and waits for its reply. An error reply throws redis::Error unless
  // options.raw_errors; a timeout or an unreachable server throws core::UnavailableError.
  // Bind a braced list to a variable first: g++ 12 rejects one inside `co_await`.
  boost::asio::awaitable<Reply> execute(Args args, CommandOptions options = {});
  // command("SET", key, value): each argument is anything a std::string_view accepts.
  template <class... Arg>
  boost::asio::awaitable<Reply> command(const Arg&... args) {
    return execute(Args{std::string(std::string_view(args))...});
  }

  boost::asio::awaitable<std::optional<std::string>> get(std::string key);
  // False when only_if_absent and the key existed.
  boost::asio::awaitable<bool> set(std::string key, std::string value, SetOptions options = {});
  boost::asio::awaitable<std::int64_t> del(std::string key);  // keys removed (0 or 1)
  boost::asio::awaitable<std::int64_t> incr(std::string key);
  boost::asio::awaitable<bool> expire(std::string key, std::chrono::seconds ttl);
  boost::asio::awaitable<std::int64_t> publish(std::string channel, std::string message);
  boost::asio::awaitable<std::int64_t> lpush(std::string key, std::string value);  // new length
  // EVALSHA, falling back to EVAL (which caches the script) when the server lacks it.
  boost::asio::awaitable<Reply> eval(const Script& script, Args keys, Args args);

  // Closes the connection (commands in flight fail with core::UnavailableError). An open
  // connection keeps a read waiting on the io_context: close before expecting run() to
  // return at shutdown. The next command opens a new connection.
  void close();

  // For /readyz: true when PING is answered in time; never throws.
  boost::asio::awaitable<bool> ping();

  // Readable from any thread (for /metrics).
  struct Stats {
    bool connected = false;
    std::uint64_t reconnects = 0;  // connections opened after the first one
    std::uint64_t connect_failures = 0;
    std::uint64_t command_errors = 0;  // unavailable or timed out (not error replies)
    std::uint64_t timeouts = 0;
  };
  Stats stats() const;

  // The executor of the thread that owns this client.
  const boost::asio::any_io_executor& executor() const { return executor_; }

 private:
  struct Pending;
  struct Signal;
  static void on_connect(const redisAsyncContext* context, int status);
  static void on_disconnect(const redisAsyncContext* context, int status);
  static void on_reply(redisAsyncContext* context, void* reply, void* data);

  boost::asio::awaitable<void> ensure_connected();
  boost::asio::awaitable<void> open_connection();
  boost::asio::awaitable<Reply> send(const Args& args, std::chrono::milliseconds timeout);
  void drop_connection();
  void connection_failed(const std::string& why);

  enum class State { closed, connecting, ready };

  boost::asio::any_io_executor executor_;
  ClientOptions options_;
  redisAsyncContext* context_ = nullptr;  // cleared when hiredis frees it
  State state_ = State::closed;
  std::string connect_error_;
  std::shared_ptr<Signal> connect_signal_;  // wakes the commands waiting for a connect
  Signal* connect_wait_ = nullptr;          // the connect attempt's deadline, while it waits
  bool connect_done_ = false;
  std::chrono::steady_clock::time_point next_connect_{};
  std::chrono::milliseconds backoff_{0};
  bool ever_connected_ = false;

  std::atomic<bool> connected_gauge_{false};
  std::atomic<std::uint64_t> reconnects_{0}, connect_failures_{0}, command_errors_{0}, timeouts_{0};
};

}  // namespace tessera::redis
