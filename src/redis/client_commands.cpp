// The typed helpers of Client: each is one command and the decoding of its reply.

#include "redis/client.hpp"

namespace tessera::redis {

namespace asio = boost::asio;

asio::awaitable<std::optional<std::string>> Client::get(std::string key) {
  Args args{"GET", std::move(key)};
  Reply reply = co_await execute(std::move(args));
  if (reply.is_nil()) co_return std::nullopt;
  co_return reply.as_string();
}

asio::awaitable<bool> Client::set(std::string key, std::string value, SetOptions options) {
  Args args{"SET", std::move(key), std::move(value)};
  if (options.ttl) {
    args.emplace_back("PX");
    args.push_back(std::to_string(options.ttl->count()));
  }
  if (options.only_if_absent) args.emplace_back("NX");
  const Reply reply = co_await execute(std::move(args));
  co_return !reply.is_nil();  // nil: NX and the key existed
}

asio::awaitable<std::int64_t> Client::del(std::string key) {
  Args args{"DEL", std::move(key)};
  co_return (co_await execute(std::move(args))).as_integer();
}

asio::awaitable<std::int64_t> Client::incr(std::string key) {
  Args args{"INCR", std::move(key)};
  co_return (co_await execute(std::move(args))).as_integer();
}

asio::awaitable<bool> Client::expire(std::string key, std::chrono::seconds ttl) {
  Args args{"EXPIRE", std::move(key), std::to_string(ttl.count())};
  co_return (co_await execute(std::move(args))).as_integer() == 1;
}

asio::awaitable<std::int64_t> Client::publish(std::string channel, std::string message) {
  Args args{"PUBLISH", std::move(channel), std::move(message)};
  co_return (co_await execute(std::move(args))).as_integer();
}

asio::awaitable<std::int64_t> Client::lpush(std::string key, std::string value) {
  Args args{"LPUSH", std::move(key), std::move(value)};
  co_return (co_await execute(std::move(args))).as_integer();
}

asio::awaitable<Reply> Client::eval(const Script& script, Args keys, Args args) {
  Args command{"EVALSHA", script.sha1(), std::to_string(keys.size())};
  command.insert(command.end(), std::make_move_iterator(keys.begin()),
                 std::make_move_iterator(keys.end()));
  command.insert(command.end(), std::make_move_iterator(args.begin()),
                 std::make_move_iterator(args.end()));
  const CommandOptions raw{.raw_errors = true};
  Reply reply = co_await execute(command, raw);
  if (reply.is_error() && reply.as_string().starts_with("NOSCRIPT")) {
    // Unknown to this server (restarted, flushed): EVAL runs it and caches it for next time.
    command[0] = "EVAL";
    command[1] = script.text();
    reply = co_await execute(std::move(command), raw);
  }
  co_return std::move(reply).throw_if_error();
}

asio::awaitable<bool> Client::ping() {
  bool answered = false;
  try {
    Args args{"PING"};
    const Reply reply = co_await execute(std::move(args));
    answered = reply.type() == Reply::Type::status && reply.as_string() == "PONG";
  } catch (const std::exception&) {
    answered = false;  // unavailable: /readyz reports it, nothing to rethrow
  }
  co_return answered;
}

}  // namespace tessera::redis
