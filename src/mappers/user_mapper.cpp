#include "mappers/user_mapper.hpp"

#include "mappers/row_mapping.hpp"
#include "mappers/sql.hpp"
#include "mappers/tables.hpp"

namespace tessera::mappers {
namespace asio = boost::asio;
namespace {

const RowMapping<domain::User>& mapping() {
  static const RowMapping<domain::User> users{
      users_table(), {"id", "created_at", "updated_at"}, "updated_at"};
  return users;
}

namespace q {

constexpr Sql find_by_id{"users.find_by_id", "SELECT {users_columns} FROM {users} WHERE id = $1"};
constexpr Sql lock_by_id{"users.lock_by_id",
                         "SELECT {users_columns} FROM {users} WHERE id = $1 FOR UPDATE"};
// The stored, normalised form (core/email_address.hpp), compared exactly: its unique index
// serves it, and no locale's idea of case enters.
constexpr Sql find_by_email{"users.find_by_email",
                            "SELECT {users_columns} FROM {users} WHERE email = $1"};
constexpr Sql erase{"users.erase", "DELETE FROM {users} WHERE id = $1"};
constexpr Sql page{"users.page",
                   "SELECT {users_columns} FROM {users} ORDER BY created_at, id "
                   "LIMIT $2 OFFSET $1"};
constexpr Sql count{"users.count", "SELECT count(*) FROM {users}"};

}  // namespace q
}  // namespace

asio::awaitable<domain::User> UserMapper::insert(db::Executor& db, const domain::User& user) const {
  co_return co_await db.fetch_one_bound<domain::User>(mapping().insert(),
                                                      mapping().insert_params(user));
}

asio::awaitable<std::optional<domain::User>> UserMapper::find_by_id(db::Executor& db,
                                                                    core::Uuid id) const {
  co_return co_await db.fetch_optional<domain::User>(query<q::find_by_id>(), id);
}

asio::awaitable<std::optional<domain::User>> UserMapper::lock_by_id(db::Transaction& tx,
                                                                    core::Uuid id) const {
  co_return co_await tx.fetch_optional<domain::User>(query<q::lock_by_id>(), id);
}

asio::awaitable<std::optional<domain::User>> UserMapper::find_by_email(
    db::Executor& db, std::string_view email) const {
  co_return co_await db.fetch_optional<domain::User>(query<q::find_by_email>(), email);
}

asio::awaitable<std::optional<domain::User>> UserMapper::update(
    db::Executor& db, core::Uuid id, const domain::UserPatch& patch) const {
  RowChange change = change_of(patch);
  if (change.empty()) co_return co_await find_by_id(db, id);
  db::Params params{db::to_param(id)};
  params.insert(params.end(), change.values.begin(), change.values.end());
  co_return (co_await db.execute(mapping().update(change), std::move(params)))
      .first<domain::User>();
}

asio::awaitable<bool> UserMapper::erase(db::Executor& db, core::Uuid id) const {
  const auto result = co_await db.run(query<q::erase>(), id);
  co_return result.affected() > 0;
}

asio::awaitable<domain::Page<domain::User>> UserMapper::page(db::Transaction& tx, std::int64_t skip,
                                                             std::int64_t limit) const {
  domain::Page<domain::User> page;
  page.items = co_await tx.fetch_all<domain::User>(query<q::page>(), skip, limit);
  page.total = (co_await tx.run(query<q::count>())).scalar<std::int64_t>();
  co_return page;
}

}  // namespace tessera::mappers
