#include "services/one_time_tokens.hpp"

#include "redis/client.hpp"
#include "security/tokens.hpp"

namespace tessera::services {

namespace asio = boost::asio;

OneTimeTokens::OneTimeTokens(std::string purpose, std::chrono::seconds lifetime, std::string prefix)
    : prefix_(std::move(prefix) + purpose + ":"), lifetime_(lifetime) {}

std::string OneTimeTokens::key(std::string_view token) const {
  return prefix_ + security::token_digest(token);
}

asio::awaitable<std::string> OneTimeTokens::issue(redis::Client& client,
                                                  std::string payload) const {
  std::string token = security::random_token();
  redis::SetOptions options;
  options.ttl = std::chrono::milliseconds(lifetime_);
  std::string stored_at = key(token);
  co_await client.set(std::move(stored_at), std::move(payload), options);
  co_return token;
}

asio::awaitable<std::optional<std::string>> OneTimeTokens::peek(redis::Client& client,
                                                                std::string_view token) const {
  if (token.empty() || token.size() > 128) co_return std::nullopt;
  std::string stored_at = key(token);
  co_return co_await client.get(std::move(stored_at));
}

asio::awaitable<std::optional<std::string>> OneTimeTokens::consume(redis::Client& client,
                                                                   std::string_view token) const {
  // A token is 43 characters; anything far off is not worth a round trip.
  if (token.empty() || token.size() > 128) co_return std::nullopt;
  const std::string stored_at = key(token);
  const redis::Reply reply = co_await client.command("GETDEL", stored_at);
  if (reply.is_nil()) co_return std::nullopt;
  co_return reply.as_string();
}

}  // namespace tessera::services
