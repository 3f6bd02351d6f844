#pragma once
// Loads and stores domain::User in the users table. Every verb runs on the executor its
// caller gives (the pool, a transaction or a leased connection); co_await it at once, since
// its arguments are read only when it runs. The insert and the updates are written from the
// table's declaration (row_mapping.hpp).

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "core/uuid.hpp"
#include "db/executor.hpp"
#include "db/transaction.hpp"
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
  // The user, its row locked until `tx` ends (SELECT ... FOR UPDATE): a use case that reads,
  // checks and then writes holds it, and an insert that references it (an image) waits.
  boost::asio::awaitable<std::optional<domain::User>> lock_by_id(db::Transaction& tx,
                                                                 core::Uuid id) const;
  // Case-insensitive, as the unique index compares.
  boost::asio::awaitable<std::optional<domain::User>> find_by_email(db::Executor& db,
                                                                    std::string_view email) const;

  // Writes the patch's set fields (and updated_at) and returns the row; nothing when there
  // is no such user. A taken email: db::ConflictError.
  boost::asio::awaitable<std::optional<domain::User>> update(db::Executor& db, core::Uuid id,
                                                             const domain::UserPatch& patch) const;

  // Whether the user existed. Its images and their variants go with it (ON DELETE CASCADE).
  boost::asio::awaitable<bool> erase(db::Executor& db, core::Uuid id) const;

  // Users ordered by created_at (then id), `limit` of them after the first `skip`, and the
  // number of all users, from one snapshot (run it in a REPEATABLE READ transaction).
  boost::asio::awaitable<domain::Page<domain::User>> page(db::Transaction& tx, std::int64_t skip,
                                                          std::int64_t limit) const;
};

}  // namespace tessera::mappers
