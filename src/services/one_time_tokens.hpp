#pragma once
// Single-use tokens with a lifetime (email verification, password reset), in Redis: the
// token's SHA-256 digest maps to a payload and expires with the token. Consuming is one
// GETDEL, so a token works exactly once even when two requests race with it.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

namespace tessera::redis {
class Client;
}

namespace tessera::services {

class OneTimeTokens {
 public:
  // `purpose` keeps the kinds apart: a reset token is no verification token.
  OneTimeTokens(std::string purpose, std::chrono::seconds lifetime,
                std::string prefix = "tessera:");

  std::chrono::seconds lifetime() const { return lifetime_; }

  // A new token (43 url-safe characters) standing for `payload`.
  boost::asio::awaitable<std::string> issue(redis::Client& client, std::string payload) const;
  // The payload without using the token up (a check comes before consume()); none for an
  // unknown, expired or used token.
  boost::asio::awaitable<std::optional<std::string>> peek(redis::Client& client,
                                                          std::string_view token) const;
  // The payload, once; none for an unknown, expired or used token.
  boost::asio::awaitable<std::optional<std::string>> consume(redis::Client& client,
                                                             std::string_view token) const;

 private:
  std::string key(std::string_view token) const;

  std::string prefix_;
  std::chrono::seconds lifetime_;
};

}  // namespace tessera::services
