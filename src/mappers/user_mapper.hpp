#pragma once
// Loads and stores domain::User in the users table. Every verb runs on the executor its
// caller gives (the pool, a transaction or a leased connection); co_await it at once, since
// its arguments are read only when it runs.

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "core/uuid.hpp"
#include "db/executor.hpp"
#include "domain/page.hpp"
#include "domain/user.hpp"

namespace tessera::mappers {

class UserMapper {
 public:
  // The stored user, with the id and timestamps the database gave it (user.id and the
  // timestamps are not read). An email taken by another user, compared lower-cased, throws
  // db::ConflictError with constraint() "ux_users_email_lower".
  boost::asio::awaitable<domain::User> insert(db::Executor& db, const domain::User& user) const;

  boost::asio::awaitable<std::optional<domain::User>> find_by_id(db::Executor& db,
                                                                 core::Uuid id) const;
  // Case-insensitive, as the unique index compares.
  boost::asio::awaitable<std::optional<domain::User>> find_by_email(db::Executor& db,
                                                                    std::string_view email) const;

  // Writes every mutable field of user.id's row (not created_at), sets updated_at to now()
  // and returns the row; nothing when there is no such user. A taken email: db::ConflictError.
  boost::asio::awaitable<std::optional<domain::User>> update(db::Executor& db,
                                                             const domain::User& user) const;

  // Whether the user existed. Its images and their variants go with it (ON DELETE CASCADE).
  boost::asio::awaitable<bool> erase(db::Executor& db, core::Uuid id) const;

  // Users ordered by created_at (then id), `limit` of them after the first `skip`, and the
  // number of all users.
  boost::asio::awaitable<domain::Page<domain::User>> page(db::Executor& db, std::int64_t skip,
                                                          std::int64_t limit) const;
};

}  // namespace tessera::mappers
