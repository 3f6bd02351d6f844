#include "redis/client.hpp"

#include <arpa/inet.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <hiredis/async.h>

#include "core/errors.hpp"
#include "core/logging.hpp"
#include "redis/asio_adapter.hpp"

namespace tessera::redis {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

[[noreturn]] void unavailable(const std::string& why) {
  throw core::UnavailableError("redis unavailable: " + why);
}

bool is_numeric_address(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

// One command in flight. hiredis holds a reference until it calls back (with the reply, or
// with none when the connection goes), which may be after the waiting coroutine gave up.
struct Client::Pending {
  explicit Pending(asio::any_io_executor executor) : timer(std::move(executor)) {}
  asio::steady_timer timer;  // the deadline; cancelled by the reply
  std::optional<Reply> reply;
  bool done = false;
};

struct Client::Signal {
  explicit Signal(asio::any_io_executor executor)
      : timer(std::move(executor), asio::steady_timer::time_point::max()) {}
  asio::steady_timer timer;
};

Client::Client(asio::any_io_executor executor, ClientOptions options)
    : executor_(std::move(executor)), options_(std::move(options)) {}

Client::~Client() {
  drop_connection();
  if (connect_signal_) connect_signal_->timer.cancel();
}

void Client::on_connect(const redisAsyncContext* context, int status) {
  auto* client = static_cast<Client*>(context->data);
  client->connect_done_ = true;
  if (status != REDIS_OK) {
    // hiredis frees the context right after this call.
    client->connect_error_ = context->c.errstr;
    client->context_ = nullptr;
  }
  if (client->connect_wait_) client->connect_wait_->timer.cancel();
}

void Client::on_disconnect(const redisAsyncContext* context, int status) {
  auto* client = static_cast<Client*>(context->data);
  client->context_ = nullptr;  // freed by hiredis after this call
  client->connected_gauge_ = false;
  if (client->state_ == State::ready) {
    client->state_ = State::closed;
    if (status != REDIS_OK)
      core::log_warning("redis connection lost", {{"error", std::string(context->c.errstr)}});
  }
}

void Client::on_reply(redisAsyncContext*, void* reply, void* data) {
  std::unique_ptr<std::shared_ptr<Pending>> holder(static_cast<std::shared_ptr<Pending>*>(data));
  Pending& pending = **holder;
  pending.done = true;
  if (reply) pending.reply = Reply::from_hiredis(*static_cast<const redisReply*>(reply));
  pending.timer.cancel();  // the coroutine resumes from the io_context, not from in here
}

void Client::drop_connection() {
  // Fails the commands in flight (hiredis calls them back with no reply) and closes.
  if (auto* context = std::exchange(context_, nullptr)) redisAsyncFree(context);
  if (state_ == State::ready) state_ = State::closed;
  connected_gauge_ = false;
}

void Client::close() {
  drop_connection();
}

void Client::connection_failed(const std::string& why) {
  drop_connection();
  state_ = State::closed;
  connect_error_ = why;
  ++connect_failures_;
  // Exponential backoff: 100 ms, 200 ms, ... up to max_reconnect_backoff. Meanwhile every
  // command fails at once instead of waiting for a server that is not there.
  backoff_ = std::min(options_.max_reconnect_backoff,
                      backoff_.count() == 0 ? std::chrono::milliseconds(100) : backoff_ * 2);
  next_connect_ = Clock::now() + backoff_;
  core::log_warning("redis connection failed", {{"error", why}, {"retry_in_ms", backoff_.count()}});
}

asio::awaitable<void> Client::ensure_connected() {
  for (;;) {
    if (state_ == State::ready && context_) co_return;
    if (state_ == State::connecting) {
      auto signal = connect_signal_;  // the attempt in progress; woken when it ends
      co_await signal->timer.async_wait(use_tuple);
      continue;
    }
    if (Clock::now() < next_connect_) unavailable(connect_error_ + " (reconnecting)");
    co_await open_connection();
  }
}

asio::awaitable<void> Client::open_connection() {
  state_ = State::connecting;
  auto signal = std::make_shared<Signal>(executor_);
  connect_signal_ = signal;
  std::string failure;
  std::exception_ptr error;
  try {
    // hiredis resolves host names synchronously: resolve here, asynchronously.
    std::string address = options_.host;
    if (!is_numeric_address(address)) {
      asio::ip::tcp::resolver resolver(executor_);
      auto [ec, endpoints] =
          co_await resolver.async_resolve(options_.host, std::to_string(options_.port), use_tuple);
      if (ec || endpoints.empty()) unavailable("cannot resolve " + options_.host);
      address = endpoints.begin()->endpoint().address().to_string();
    }
    redisAsyncContext* context = redisAsyncConnect(address.c_str(), options_.port);
    if (!context) unavailable("out of memory");
    if (context->err) {
      const std::string why = context->errstr;
      redisAsyncFree(context);
      unavailable(why);
    }
    context->data = this;
    redisAsyncSetConnectCallback(context, &Client::on_connect);
    redisAsyncSetDisconnectCallback(context, &Client::on_disconnect);
    try {
      AsioAdapter::attach(executor_, context);
    } catch (const std::exception& e) {  // the socket could not be registered
      redisAsyncFree(context);
      unavailable(e.what());
    }
    context_ = context;

    connect_done_ = false;
    Signal attempt(executor_);
    attempt.timer.expires_after(options_.connect_timeout);
    connect_wait_ = &attempt;
    co_await attempt.timer.async_wait(use_tuple);
    connect_wait_ = nullptr;
    if (!connect_done_)
      unavailable("no connection within " + std::to_string(options_.connect_timeout.count()) +
                  " ms");
    if (!context_) unavailable(connect_error_);

    // The handshake goes first on the new connection: other commands wait for the signal.
    if (options_.password) {
      const Args auth{"AUTH", *options_.password};
      const Reply reply = co_await send(auth, options_.connect_timeout);
      if (reply.is_error()) unavailable("AUTH refused: " + reply.as_string());
    }
    if (options_.db != 0) {
      const Args select{"SELECT", std::to_string(options_.db)};
      const Reply reply = co_await send(select, options_.connect_timeout);
      if (reply.is_error()) unavailable("SELECT refused: " + reply.as_string());
    }
  } catch (const std::exception& e) {
    // Whatever went wrong (even a cancellation), the attempt is over: back off, wake the
    // waiting commands, and let the caller see the error.
    failure = e.what();
    error = std::current_exception();
  }
  connect_signal_.reset();
  signal->timer.cancel();
  if (error) {
    connection_failed(failure);
    std::rethrow_exception(error);
  }
  state_ = State::ready;
  backoff_ = std::chrono::milliseconds(0);
  connected_gauge_ = true;
  if (std::exchange(ever_connected_, true)) {
    ++reconnects_;
    core::log_info("redis connection restored");
  }
}

asio::awaitable<Reply> Client::send(const Args& args, std::chrono::milliseconds timeout) {
  if (!context_) unavailable("not connected");
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  auto pending = std::make_shared<Pending>(executor_);
  auto holder = std::make_unique<std::shared_ptr<Pending>>(pending);
  // Copied into hiredis' output buffer here: `args` need not outlive this call.
  if (redisAsyncCommandArgv(context_, &Client::on_reply, holder.get(),
                            static_cast<int>(argv.size()), argv.data(), lengths.data()) != REDIS_OK)
    unavailable("the connection is closing");
  holder.release();  // hiredis owns it until on_reply

  pending->timer.expires_after(timeout);
  auto [ec] = co_await pending->timer.async_wait(use_tuple);
  if (!pending->done) {
    if (ec == asio::error::operation_aborted)
      throw boost::system::system_error(ec);  // the caller cancelled; the reply is dropped
    // The replies behind this one would wait as long: start afresh on a new connection.
    ++timeouts_;
    drop_connection();
    unavailable("no reply within " + std::to_string(timeout.count()) + " ms");
  }
  if (!pending->reply) unavailable("connection lost");
  co_return std::move(*pending->reply);
}

asio::awaitable<Reply> Client::execute(Args args, CommandOptions options) {
  Reply reply;
  try {
    co_await ensure_connected();
    reply = co_await send(args, options.timeout.value_or(options_.command_timeout));
  } catch (const core::UnavailableError&) {
    ++command_errors_;
    throw;
  }
  if (!options.raw_errors) reply.throw_if_error();
  co_return reply;
}

Client::Stats Client::stats() const {
  return Stats{.connected = connected_gauge_.load(std::memory_order_relaxed),
               .reconnects = reconnects_.load(std::memory_order_relaxed),
               .connect_failures = connect_failures_.load(std::memory_order_relaxed),
               .command_errors = command_errors_.load(std::memory_order_relaxed),
               .timeouts = timeouts_.load(std::memory_order_relaxed)};
}

}  // namespace tessera::redis
