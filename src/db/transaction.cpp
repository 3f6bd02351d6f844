#include "db/transaction.hpp"

#include <stdexcept>

namespace tessera::db {

namespace asio = boost::asio;

asio::awaitable<Transaction> Transaction::begin(Lease lease, Isolation isolation) {
  const char* sql = "BEGIN";
  if (isolation == Isolation::repeatable_read) sql = "BEGIN ISOLATION LEVEL REPEATABLE READ";
  if (isolation == Isolation::serializable) sql = "BEGIN ISOLATION LEVEL SERIALIZABLE";
  co_await lease.connection().execute_script(sql);
  co_return Transaction(std::move(lease));
}

asio::awaitable<Result> Transaction::execute(const Query& query, Params params) {
  if (finished_) throw std::logic_error("statement on a finished transaction");
  co_return co_await lease_.execute(query, std::move(params));
}

asio::awaitable<void> Transaction::commit() {
  if (finished_) throw std::logic_error("transaction already finished");
  finished_ = true;
  const Result result = co_await lease_.connection().execute_script("COMMIT");
  // A transaction in which a statement failed answers COMMIT with ROLLBACK, silently.
  if (result.command() == "ROLLBACK")
    throw DbError("25P02", "transaction was rolled back: a statement in it failed");
}

asio::awaitable<void> Transaction::rollback() {
  if (finished_) co_return;
  finished_ = true;
  co_await lease_.connection().execute_script("ROLLBACK");
}

}  // namespace tessera::db
