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
#include "redis/script.hpp"

namespace tessera::cache {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// The value, or the version to load against: {1, value} or {0, version}.
const redis::Script read_script(R"(
local value = redis.call('GET', KEYS[1])
if value then return {1, value} end
return {0, redis.call('GET', KEYS[2]) or '0'}
)");

// Stores the loaded value only while the version it was loaded against is current.
const redis::Script store_script(R"(
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
)");

// A new version (loads in flight will not store), and no value. The version outlives any
// load by far; a key whose version expired starts again from "0".
const redis::Script invalidate_script(R"(
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])
return 1
)");
constexpr std::chrono::milliseconds kVersionLifetime = std::chrono::hours(24);

// With Redis down there is no version: such loads share a flight and store nothing.
const std::string kNoVersion;

}  // namespace

// One load in progress, against one version. Waiters may be on other threads: each waits on
// a timer of its own executor, which the leader cancels (by posting to that executor) when
// the value is there.
struct JsonCache::Flight {
  explicit Flight(std::string version) : version(std::move(version)) {}
  const std::string version;
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

std::string JsonCache::value_key(const std::string& key) const {
  return prefix_ + "{" + key + "}";  // one hash slot for the value and its version
}

std::string JsonCache::version_key(const std::string& key) const {
  return prefix_ + "{" + key + "}:version";
}

asio::awaitable<std::optional<json::value>> JsonCache::get_or_load(redis::Client& client,
                                                                   std::string key,
                                                                   std::chrono::seconds ttl,
                                                                   Loader load) {
  std::string version = kNoVersion;
  try {
    redis::Args keys{value_key(key), version_key(key)};
    const redis::Reply reply = co_await client.eval(read_script, std::move(keys), redis::Args());
    const auto& fields = reply.as_array();
    if (fields.at(0).as_integer() == 1) {
      json::error_code ec;
      auto value = json::parse(fields.at(1).as_string(), ec);
      if (!ec) co_return value;
    } else {
      version = fields.at(1).as_string();
    }
  } catch (const core::UnavailableError&) {
    // Without Redis, the source answers (and the flight below still spares it a stampede).
  }

  // A flight against an older version may have read the source before a change: it is not
  // joined; this load leads a flight of its own.
  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    std::lock_guard lock(mutex_);
    auto& slot = flights_[key];
    if (!slot || slot->version != version) {
      slot = std::make_shared<Flight>(version);
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
  if (value && !error && flight->version != kNoVersion) {
    try {
      redis::Args keys{value_key(key), version_key(key)};
      redis::Args args{flight->version, json::serialize(*value),
                       std::to_string(std::chrono::milliseconds(ttl).count())};
      co_await client.eval(store_script, std::move(keys), std::move(args));
    } catch (const core::UnavailableError& e) {
      core::log_debug("cache: value not stored", {{"key", key}, {"error", e.what()}});
    }
  }
  {
    std::lock_guard lock(mutex_);
    if (auto it = flights_.find(key); it != flights_.end() && it->second == flight)
      flights_.erase(it);
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
  redis::Args keys{value_key(key), version_key(key)};
  redis::Args args{std::to_string(kVersionLifetime.count())};
  co_await client.eval(invalidate_script, std::move(keys), std::move(args));
}

}  // namespace tessera::cache
