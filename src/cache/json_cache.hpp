#pragma once
// Get-or-load for JSON values in Redis, with a TTL and explicit invalidation. While a key
// is being loaded, other callers for that key in this process wait for that one loader
// instead of running their own (no stampede on a cold key). The cache is an optimisation:
// with Redis down, values are loaded from their source every time.

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
  boost::asio::awaitable<void> invalidate(redis::Client& client, std::string key);

  // Loaders run so far (for tests and metrics).
  std::uint64_t loads() const;

 private:
  struct Flight;
  boost::asio::awaitable<std::optional<boost::json::value>> lead(redis::Client& client,
                                                                 const std::string& key,
                                                                 std::chrono::seconds ttl,
                                                                 const Loader& load,
                                                                 std::shared_ptr<Flight> flight);
  static boost::asio::awaitable<std::optional<boost::json::value>> follow(
      std::shared_ptr<Flight> flight);

  std::string prefix_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
  std::uint64_t loads_ = 0;
};

}  // namespace tessera::cache
