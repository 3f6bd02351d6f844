#include "cache/rate_limiter.hpp"

#include "redis/client.hpp"
#include "redis/script.hpp"

namespace tessera::cache {
namespace {

namespace asio = boost::asio;

// One round trip, atomic: count, start the window on the first attempt, report its end.
const redis::Script hit_script(R"(
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl})");

// Takes one attempt back, keeping the window's end.
const redis::Script refund_script(R"(
if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
return 0)");

const redis::Script check_script(R"(
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
return {n, redis.call('PTTL', KEYS[1])})");

}  // namespace

RateLimiter::RateLimiter(std::string prefix, std::int64_t limit, std::chrono::milliseconds window)
    : prefix_(std::move(prefix)), limit_(limit), window_(window) {}

RateDecision RateLimiter::decide(std::int64_t count, std::int64_t ttl_ms,
                                 std::int64_t allowed_count) const {
  RateDecision decision{.allowed = count <= allowed_count, .count = count};
  if (!decision.allowed)
    decision.retry_after = std::chrono::seconds(std::max<std::int64_t>(1, (ttl_ms + 999) / 1000));
  return decision;
}

asio::awaitable<RateDecision> RateLimiter::hit(redis::Client& client, std::string_view key) const {
  redis::Args keys{prefix_ + std::string(key)};
  redis::Args args{std::to_string(window_.count())};
  const redis::Reply reply = co_await client.eval(hit_script, std::move(keys), std::move(args));
  const auto& values = reply.as_array();
  co_return decide(values.at(0).as_integer(), values.at(1).as_integer(), limit_);
}

asio::awaitable<RateDecision> RateLimiter::check(redis::Client& client,
                                                 std::string_view key) const {
  redis::Args keys{prefix_ + std::string(key)};
  const redis::Reply reply = co_await client.eval(check_script, std::move(keys), redis::Args());
  const auto& values = reply.as_array();
  // The next attempt would be count + 1.
  co_return decide(values.at(0).as_integer(), values.at(1).as_integer(), limit_ - 1);
}

asio::awaitable<void> RateLimiter::refund(redis::Client& client, std::string_view key) const {
  redis::Args keys{prefix_ + std::string(key)};
  co_await client.eval(refund_script, std::move(keys), redis::Args());
}

asio::awaitable<void> RateLimiter::reset(redis::Client& client, std::string_view key) const {
  co_await client.del(prefix_ + std::string(key));
}

}  // namespace tessera::cache
