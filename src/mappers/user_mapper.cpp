#include "mappers/user_mapper.hpp"

#include "mappers/sql.hpp"

namespace tessera::mappers {
namespace asio = boost::asio;
namespace {
namespace q {

constexpr Sql insert{"users.insert",
                     "INSERT INTO {users} (email, hashed_password, full_name, is_active, "
                     "is_superuser, email_verified) VALUES ($1, $2, $3, $4, $5, $6) "
                     "RETURNING {users_columns}"};
constexpr Sql find_by_id{"users.find_by_id", "SELECT {users_columns} FROM {users} WHERE id = $1"};
// The same expression as ux_users_email_lower, so that the index serves it.
constexpr Sql find_by_email{"users.find_by_email",
                            "SELECT {users_columns} FROM {users} WHERE lower(email) = lower($1)"};
constexpr Sql update{"users.update",
                     "UPDATE {users} SET email = $2, hashed_password = $3, full_name = $4, "
                     "is_active = $5, is_superuser = $6, email_verified = $7, updated_at = now() "
                     "WHERE id = $1 RETURNING {users_columns}"};
constexpr Sql erase{"users.erase", "DELETE FROM {users} WHERE id = $1"};
constexpr Sql page{"users.page",
                   "SELECT {users_columns} FROM {users} ORDER BY created_at, id "
                   "LIMIT $2 OFFSET $1"};
constexpr Sql count{"users.count", "SELECT count(*) FROM {users}"};

}  // namespace q
}  // namespace

asio::awaitable<domain::User> UserMapper::insert(db::Executor& db, const domain::User& user) const {
  co_return co_await db.fetch_one<domain::User>(
      query<q::insert>(), user.email, user.hashed_password, user.full_name, user.is_active,
      user.is_superuser, user.email_verified);
}

asio::awaitable<std::optional<domain::User>> UserMapper::find_by_id(db::Executor& db,
                                                                    core::Uuid id) const {
  co_return co_await db.fetch_optional<domain::User>(query<q::find_by_id>(), id);
}

asio::awaitable<std::optional<domain::User>> UserMapper::find_by_email(
    db::Executor& db, std::string_view email) const {
  co_return co_await db.fetch_optional<domain::User>(query<q::find_by_email>(), email);
}

asio::awaitable<std::optional<domain::User>> UserMapper::update(db::Executor& db,
                                                                const domain::User& user) const {
  co_return co_await db.fetch_optional<domain::User>(
      query<q::update>(), user.id, user.email, user.hashed_password, user.full_name, user.is_active,
      user.is_superuser, user.email_verified);
}

asio::awaitable<bool> UserMapper::erase(db::Executor& db, core::Uuid id) const {
  const auto result = co_await db.run(query<q::erase>(), id);
  co_return result.affected() > 0;
}

asio::awaitable<domain::Page<domain::User>> UserMapper::page(db::Executor& db, std::int64_t skip,
                                                             std::int64_t limit) const {
  domain::Page<domain::User> page;
  page.items = co_await db.fetch_all<domain::User>(query<q::page>(), skip, limit);
  page.total = (co_await db.run(query<q::count>())).scalar<std::int64_t>();
  co_return page;
}

}  // namespace tessera::mappers
