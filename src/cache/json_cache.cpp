#include "cache/json_cache.hpp"

#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/errors.hpp"
#include "core/logging.hpp"
#include "redis/client.hpp"

namespace tessera::cache {

namespace asio = boost::asio;
namespace json = boost::json;

// One load in progress. Waiters may be on other threads: each waits on a timer of its own
// executor, which the leader cancels (by posting to that executor) when the value is there.
struct JsonCache::Flight {
  std::mutex mutex;
  bool done = false;
  std::optional<json::value> value;
  std::exception_ptr error;
  std::vector<std::shared_ptr<asio::steady_timer>> waiters;
};

JsonCache::JsonCache(std::string prefix) : prefix_(std::move(prefix)) {}
JsonCache::~JsonCache() = default;

std::uint64_t JsonCache::loads() const {
  std::lock_guard lock(mutex_);
  return loads_;
}

asio::awaitable<std::optional<json::value>> JsonCache::get_or_load(redis::Client& client,
                                                                   std::string key,
                                                                   std::chrono::seconds ttl,
                                                                   Loader load) {
  try {
    if (auto cached = co_await client.get(prefix_ + key)) {
      json::error_code ec;
      auto value = json::parse(*cached, ec);
      if (!ec) co_return value;
    }
  } catch (const core::UnavailableError&) {
    // Without Redis, the source answers (and the flight below still spares it a stampede).
  }

  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    std::lock_guard lock(mutex_);
    auto& slot = flights_[key];
    if (!slot) {
      slot = std::make_shared<Flight>();
      leader = true;
      ++loads_;
    }
    flight = slot;
  }
  if (!leader) co_return co_await follow(std::move(flight));
  co_return co_await lead(client, key, ttl, load, std::move(flight));
}

asio::awaitable<std::optional<json::value>> JsonCache::lead(redis::Client& client,
                                                            const std::string& key,
                                                            std::chrono::seconds ttl,
                                                            const Loader& load,
                                                            std::shared_ptr<Flight> flight) {
  std::optional<json::value> value;
  std::exception_ptr error;
  try {
    value = co_await load();
  } catch (...) {
    error = std::current_exception();
  }
  if (value && !error) {
    try {
      redis::SetOptions options{.ttl = ttl};
      co_await client.set(prefix_ + key, json::serialize(*value), options);
    } catch (const core::UnavailableError& e) {
      core::log_debug("cache: value not stored", {{"key", key}, {"error", e.what()}});
    }
  }
  {
    std::lock_guard lock(mutex_);
    flights_.erase(key);
  }
  std::vector<std::shared_ptr<asio::steady_timer>> waiters;
  {
    std::lock_guard lock(flight->mutex);
    flight->done = true;
    flight->value = value;
    flight->error = error;
    waiters.swap(flight->waiters);
  }
  for (auto& timer : waiters) asio::post(timer->get_executor(), [timer] { timer->cancel(); });
  if (error) std::rethrow_exception(error);
  co_return value;
}

asio::awaitable<std::optional<json::value>> JsonCache::follow(std::shared_ptr<Flight> flight) {
  auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor,
                                                    asio::steady_timer::time_point::max());
  {
    std::lock_guard lock(flight->mutex);
    if (!flight->done) flight->waiters.push_back(timer);
  }
  if (timer.use_count() > 1) co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
  std::lock_guard lock(flight->mutex);
  if (flight->error) std::rethrow_exception(flight->error);
  co_return flight->value;
}

asio::awaitable<void> JsonCache::invalidate(redis::Client& client, std::string key) {
  co_await client.del(prefix_ + key);
}

}  // namespace tessera::cache
