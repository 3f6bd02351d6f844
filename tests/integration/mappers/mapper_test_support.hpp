#pragma once
// The mapper tests run against the declared tables, created by create_table_sql in a schema
// of their own for each run of the test binary (dropped at its end), so that they never
// touch the tables of a migrated database on the same server.

#include <string>
#include <type_traits>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "db/connection.hpp"
#include "db/db_test_support.hpp"
#include "db/pool.hpp"
#include "db/transaction.hpp"
#include "domain/image.hpp"
#include "domain/user.hpp"
#include "mappers/image_mapper.hpp"
#include "mappers/user_mapper.hpp"

namespace tessera::mappers::testing {

// Connections whose search_path is the schema of this run.
const db::ConnectOptions& schema_options();

// Every test starts with empty tables.
class MapperTest : public ::testing::Test {
 protected:
  void SetUp() override;

  template <class T>
  T run(boost::asio::awaitable<T> work) {
    return db::testing::run(io, std::move(work));
  }

  // co_await f(tx) in a transaction that commits when it returns.
  template <class F>
  auto in_transaction(F f) {
    using R = typename awaitable_value<decltype(f(std::declval<db::Transaction&>()))>::type;
    return run(transact<R>(pool, std::move(f)));
  }

  // A stored user (the email as given) and a stored image of `owner` with these variants.
  domain::User add_user(const std::string& email);
  domain::Image add_image(const core::Uuid& owner, std::vector<domain::ImageVariant> variants = {});

  template <class T>
  struct awaitable_value;
  template <class T>
  struct awaitable_value<boost::asio::awaitable<T>> {
    using type = T;
  };
  template <class R, class F>
  static boost::asio::awaitable<R> transact(db::Pool& pool, F f) {
    auto tx = co_await pool.begin();
    if constexpr (std::is_void_v<R>) {
      co_await f(tx);
      co_await tx.commit();
    } else {
      R result = co_await f(tx);
      co_await tx.commit();
      co_return result;
    }
  }

  boost::asio::io_context io;
  db::Pool pool{io.get_executor(), schema_options(), db::PoolOptions{.size = 2}};
  UserMapper users;
  ImageMapper images;
};

// A variant whose storage key is unique in the run.
domain::ImageVariant variant(const std::string& name, int width);

}  // namespace tessera::mappers::testing
