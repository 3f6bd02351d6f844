#pragma once
// What a mapper runs its SQL on: the pool (each statement on any free connection), a
// transaction, or one leased connection. Mappers take an Executor& from their caller, so
// the caller decides about transactions.

#include <optional>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "db/errors.hpp"
#include "db/params.hpp"
#include "db/query.hpp"
#include "db/result.hpp"

namespace tessera::db {

class Executor {
 public:
  virtual ~Executor() = default;
  virtual boost::asio::awaitable<Result> execute(const Query& query, Params params) = 0;

  // Typed helpers; co_await them at once (their arguments are read before they suspend).
  template <class... A>
  boost::asio::awaitable<Result> run(const Query& query, const A&... args) {
    co_return co_await execute(query, make_params(args...));
  }
  template <class T, class... A>
  boost::asio::awaitable<std::vector<T>> fetch_all(const Query& query, const A&... args) {
    auto result = co_await execute(query, make_params(args...));
    co_return result.template as<T>();
  }
  template <class T, class... A>
  boost::asio::awaitable<std::optional<T>> fetch_optional(const Query& query, const A&... args) {
    auto result = co_await execute(query, make_params(args...));
    co_return result.template first<T>();
  }
  template <class T, class... A>
  boost::asio::awaitable<T> fetch_one(const Query& query, const A&... args) {
    co_return co_await fetch_one_bound<T>(query, make_params(args...));
  }
  // The same with the parameters already bound (statements written at run time).
  template <class T>
  boost::asio::awaitable<T> fetch_one_bound(const Query& query, Params params) {
    auto result = co_await execute(query, std::move(params));
    auto row = result.template first<T>();
    if (!row) throw DbError("P0002", std::string("no row returned by ") + std::string(query.name));
    co_return std::move(*row);
  }
};

}  // namespace tessera::db
