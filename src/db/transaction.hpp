#pragma once
// A transaction as an RAII scope: it rolls back unless committed.
//
//   auto tx = co_await pool.begin();
//   co_await users.insert(tx, user);
//   co_await tx.commit();          // leaving the scope without this rolls back

#include <boost/asio/awaitable.hpp>

#include "db/pool.hpp"

namespace tessera::db {

class Transaction : public Executor {
 public:
  static boost::asio::awaitable<Transaction> begin(Lease lease, Isolation isolation);
  Transaction(Transaction&&) noexcept = default;
  // Without commit() or rollback(), the pool rolls back when the lease returns.
  ~Transaction() override = default;

  boost::asio::awaitable<Result> execute(const Query& query, Params params) override;
  boost::asio::awaitable<void> commit();
  boost::asio::awaitable<void> rollback();

 private:
  explicit Transaction(Lease lease) : lease_(std::move(lease)) {}
  Lease lease_;
  bool finished_ = false;
};

}  // namespace tessera::db
