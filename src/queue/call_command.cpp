#include "queue/call_command.hpp"

#include <iostream>

#include <boost/json/parse.hpp>

#include "core/errors.hpp"
#include "core/json_numbers.hpp"
#include "core/run_to_completion.hpp"

namespace tessera::queue {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// An open connection keeps io.run() going: close it however the call ends.
asio::awaitable<std::string> send(asio::any_io_executor executor, redis::ClientOptions redis,
                                  std::string name, json::array args, json::object kwargs,
                                  EnqueueOptions options) {
  redis::Client client(executor, redis);
  std::exception_ptr failure;
  std::string id;
  try {
    const Broker broker;
    id = co_await broker.enqueue(client, std::move(name), std::move(args), std::move(kwargs),
                                 std::move(options));
  } catch (...) {
    failure = std::current_exception();
  }
  client.close();
  if (failure) std::rethrow_exception(failure);
  co_return id;
}

template <class T>
bool parse_as(const std::string& text, const char* what, T& out) {
  std::error_code error;
  json::value value = json::parse(text, error);
  if (!error && core::find_non_finite(value)) {
    std::cerr << "tessera tasks call: " << what << " holds a number too large for a double\n";
    return false;
  }
  if (!error) {
    if constexpr (std::is_same_v<T, json::array>) {
      if (value.is_array())
        out = std::move(value.get_array());
      else
        error = std::make_error_code(std::errc::invalid_argument);
    } else {
      if (value.is_object())
        out = std::move(value.get_object());
      else
        error = std::make_error_code(std::errc::invalid_argument);
    }
  }
  if (error)
    std::cerr << "tessera tasks call: " << what << " must be a JSON "
              << (std::is_same_v<T, json::array> ? "array" : "object") << "\n";
  return !error;
}

}  // namespace

int call_task(const redis::ClientOptions& redis, std::string name, const std::string& args_json,
              const std::string& kwargs_json, EnqueueOptions options) {
  json::array args;
  json::object kwargs;
  if (!parse_as(args_json, "--args", args) || !parse_as(kwargs_json, "--kwargs", kwargs)) return 2;
  if (options.queue.empty() || options.queue.find('\n') != std::string::npos) {
    std::cerr << "tessera tasks call: --queue must be a non-empty name\n";
    return 2;
  }
  try {
    std::cout << core::run_to_completion([&](asio::any_io_executor executor) {
      return send(executor, redis, std::move(name), std::move(args), std::move(kwargs),
                  std::move(options));
    }) << "\n";
    return 0;
  } catch (const core::UnavailableError& e) {
    std::cerr << "tessera tasks call: " << e.what() << "\n";
  } catch (const redis::Error& e) {
    std::cerr << "tessera tasks call: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace tessera::queue
