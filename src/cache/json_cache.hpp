#pragma once
// Get-or-load for JSON values in Redis, with a TTL and explicit invalidation. While a key
// is being loaded, other callers for that key in this process wait for that one loader
// instead of running their own (no stampede on a cold key). The cache is an optimisation:
// with Redis down, values are loaded from their source every time.
//
// Each key has a version beside its value, which every invalidation increments (from any
// process: the API, a command). A load reads the version before it asks the source, and its
// value is stored only if the version is still the same: a load that raced an invalidation
// can never write the value from before the change back into the cache.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

namespace tessera::redis {
class Client;
}

namespace tessera::cache {

class JsonCache {
 public:
  // nullopt: nothing to cache (the thing does not exist).
  using Loader = std::function<boost::asio::awaitable<std::optional<boost::json::value>>()>;

  explicit JsonCache(std::string prefix);
  ~JsonCache();

  // Shared by every thread; each call takes the calling thread's Redis client.
  boost::asio::awaitable<std::optional<boost::json::value>> get_or_load(redis::Client& client,
                                                                        std::string key,
                                                                        std::chrono::seconds ttl,
                                                                        Loader load);
  // Throws core::UnavailableError with Redis down (the caller decides whether that matters).
  boost::asio::awaitable<void> invalidate(redis::Client& client, std::string key);

  // Loaders run so far (for tests and metrics).
  std::uint64_t loads() const;

  // Where the value of `key` is kept (JSON text), for a script that reads it beside other
  // keys in the same round trip; a value read there is as good as get_or_load's hit.
  std::string value_key(const std::string& key) const;

 private:
  struct Flight;
  boost::asio::awaitable<std::optional<boost::json::value>> lead(redis::Client& client,
                                                                 const std::string& key,
                                                                 std::chrono::seconds ttl,
                                                                 const Loader& load,
                                                                 std::shared_ptr<Flight> flight);
  std::string version_key(const std::string& key) const;
  static boost::asio::awaitable<std::optional<boost::json::value>> follow(
      std::shared_ptr<Flight> flight);

  std::string prefix_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
  std::uint64_t loads_ = 0;
};

}  // namespace tessera::cache
