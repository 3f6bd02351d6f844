#include "services/superuser.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "core/cpu_pool.hpp"
#include "db/executor.hpp"
#include "mappers/user_mapper.hpp"

namespace tessera::services {
namespace {

namespace asio = boost::asio;

// The mappers take an Executor; one connection is enough here.
class OneConnection : public db::Executor {
 public:
  explicit OneConnection(db::Connection& connection) : connection_(connection) {}
  asio::awaitable<db::Result> execute(const db::Query& query, db::Params params) override {
    co_return co_await connection_.execute(query, std::move(params));
  }

 private:
  db::Connection& connection_;
};

}  // namespace

SuperuserOutcome ensure_superuser(const db::ConnectOptions& connect,
                                  const security::PasswordHashParams& params, std::string email,
                                  std::optional<std::string> password, ExistingUser existing) {
  email = domain::normalize_email(email);
  core::CpuPool cpu(1);
  const security::PasswordHasher passwords(cpu, params);
  asio::io_context io(1);
  // A named lambda: the coroutine reads its captures until io.run() returns.
  auto body = [&]() -> asio::awaitable<SuperuserOutcome> {
    auto connection = co_await db::Connection::connect(io.get_executor(), connect);
    OneConnection db(*connection);
    const mappers::UserMapper users;
    auto found = co_await users.find_by_email(db, email);
    if (found) {
      if (existing == ExistingUser::leave || (found->is_superuser && found->is_active))
        co_return SuperuserOutcome::unchanged;
      found->is_superuser = true;
      found->is_active = true;
      co_await users.update(db, *found);
      co_return SuperuserOutcome::promoted;
    }
    if (!password) co_return SuperuserOutcome::password_missing;
    std::string hash = co_await passwords.hash(std::move(*password));
    domain::User user = domain::new_user(email, std::move(hash), std::nullopt);
    user.is_superuser = true;
    user.email_verified = true;
    co_await users.insert(db, user);
    co_return SuperuserOutcome::created;
  };
  auto outcome = asio::co_spawn(io, body(), asio::use_future);
  io.run();
  return outcome.get();
}

}  // namespace tessera::services
