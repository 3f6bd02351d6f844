#include "services/user_cache.hpp"

#include <boost/json/parse.hpp>

#include "core/errors.hpp"
#include "core/logging.hpp"
#include "schema/schema.hpp"

namespace tessera::services {

namespace asio = boost::asio;
namespace json = boost::json;

UserCache::UserCache(db::ThreadPools& db, redis::ThreadClients& redis, std::chrono::seconds ttl)
    : db_(db), redis_(redis), ttl_(ttl) {}

asio::awaitable<std::optional<domain::User>> UserCache::find(core::Uuid id) {
  auto load = [this, id]() -> asio::awaitable<std::optional<json::value>> {
    auto user = co_await users_.find_by_id(db_.local(), id);
    if (!user) co_return std::nullopt;
    user->hashed_password.clear();
    if (user->totp_secret) user->totp_secret->clear();  // "on" travels, the secret does not
    co_return schema::encode(*user);
  };
  std::string key = id.str();
  const auto value = co_await cache_.get_or_load(redis_.local(), std::move(key), ttl_, load);
  if (!value) co_return std::nullopt;
  co_return schema::decode<domain::User>(*value, schema::Loc{std::string("cache")});
}

std::optional<domain::User> UserCache::from_cached(std::string_view text) const {
  json::error_code error;
  const json::value value = json::parse(text, error);
  if (error) return std::nullopt;
  try {
    return schema::decode<domain::User>(value, schema::Loc{std::string("cache")});
  } catch (const std::exception&) {
    return std::nullopt;  // an entry of another shape (an older version): load it afresh
  }
}

asio::awaitable<bool> UserCache::invalidate(core::Uuid id) {
  try {
    std::string key = id.str();
    co_await cache_.invalidate(redis_.local(), std::move(key));
    co_return true;
  } catch (const core::UnavailableError& e) {
    core::log_warning("could not invalidate a cached user",
                      {{"user_id", id.str()}, {"error", e.what()}});
  }
  co_return false;
}

}  // namespace tessera::services
