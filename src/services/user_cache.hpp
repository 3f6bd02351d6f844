#pragma once
// Users by id, cached in Redis (JsonCache: one loader per key, falls back to PostgreSQL when
// Redis is down). Every request with a bearer token reads its user here, so the cache saves
// a PostgreSQL round trip per request; every change to a user, from any process, invalidates
// its entry, and a load that raced the change never stores what it read (JsonCache). The
// password hash is never cached.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "cache/json_cache.hpp"
#include "core/uuid.hpp"
#include "db/thread_pools.hpp"
#include "domain/user.hpp"
#include "mappers/user_mapper.hpp"
#include "redis/thread_clients.hpp"

namespace tessera::services {

class UserCache {
 public:
  UserCache(db::ThreadPools& db, redis::ThreadClients& redis,
            std::chrono::seconds ttl = std::chrono::minutes(5));

  // The user without its password hash; none when there is no such user.
  boost::asio::awaitable<std::optional<domain::User>> find(core::Uuid id);
  // False when Redis is down: the entry then lives out its TTL (and, until Redis is back,
  // no request reads it anyway).
  boost::asio::awaitable<bool> invalidate(core::Uuid id);

  // The Redis key of the user's cached entry, and the user an entry's text holds (none when
  // it cannot be read): for a caller that reads the entry with other keys in one round trip.
  std::string cached_key(core::Uuid id) const { return cache_.value_key(id.str()); }
  std::optional<domain::User> from_cached(std::string_view text) const;

 private:
  db::ThreadPools& db_;
  redis::ThreadClients& redis_;
  std::chrono::seconds ttl_;
  cache::JsonCache cache_{"tessera:user:"};
  mappers::UserMapper users_;
};

}  // namespace tessera::services
