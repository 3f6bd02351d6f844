#pragma once
// Attempts per key and window, counted atomically in Redis (a fixed window that starts with
// the first attempt): "5 failed logins per email within 15 minutes".

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

namespace tessera::redis {
class Client;
}

namespace tessera::cache {

struct RateDecision {
  bool allowed = true;
  std::int64_t count = 0;               // attempts in the current window
  std::chrono::seconds retry_after{0};  // when not allowed: until the window ends (>= 1 s)
};

// Shared by every thread; each call takes the calling thread's Redis client. Redis being
// down throws core::UnavailableError (the API answers 503).
class RateLimiter {
 public:
  RateLimiter(std::string prefix, std::int64_t limit, std::chrono::milliseconds window);

  // Counts an attempt; not allowed once the window holds more than `limit`.
  boost::asio::awaitable<RateDecision> hit(redis::Client& client, std::string_view key) const;
  // Whether one more attempt would be allowed, without counting it.
  boost::asio::awaitable<RateDecision> check(redis::Client& client, std::string_view key) const;
  // Takes back an attempt hit() counted (it turned out not to be one that counts, such as
  // a login with the right password).
  boost::asio::awaitable<void> refund(redis::Client& client, std::string_view key) const;
  boost::asio::awaitable<void> reset(redis::Client& client, std::string_view key) const;

 private:
  RateDecision decide(std::int64_t count, std::int64_t ttl_ms, std::int64_t allowed_count) const;

  std::string prefix_;
  std::int64_t limit_;
  std::chrono::milliseconds window_;
};

}  // namespace tessera::cache
