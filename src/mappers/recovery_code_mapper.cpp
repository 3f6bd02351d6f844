#include "mappers/recovery_code_mapper.hpp"

#include "mappers/sql.hpp"

namespace tessera::mappers {
namespace asio = boost::asio;
namespace {
namespace q {

constexpr Sql insert{"recovery_codes.insert",
                     "INSERT INTO {recovery_codes} (user_id, code_digest) VALUES ($1, $2)"};
constexpr Sql use{"recovery_codes.use",
                  "DELETE FROM {recovery_codes} WHERE user_id = $1 AND code_digest = $2"};
constexpr Sql erase_all{"recovery_codes.erase_all",
                        "DELETE FROM {recovery_codes} WHERE user_id = $1"};

}  // namespace q
}  // namespace

asio::awaitable<void> RecoveryCodeMapper::replace(db::Transaction& tx, core::Uuid user,
                                                  const std::vector<std::string>& digests) const {
  co_await tx.run(query<q::erase_all>(), user);
  for (const auto& digest : digests) co_await tx.run(query<q::insert>(), user, digest);
}

asio::awaitable<bool> RecoveryCodeMapper::use(db::Executor& db, core::Uuid user,
                                              const std::string& digest) const {
  co_return (co_await db.run(query<q::use>(), user, digest)).affected() == 1;
}

asio::awaitable<void> RecoveryCodeMapper::erase_all(db::Executor& db, core::Uuid user) const {
  co_await db.run(query<q::erase_all>(), user);
}

}  // namespace tessera::mappers
