#pragma once
// What the database layer throws. A lost or unreachable server is core::UnavailableError
// (the API answers 503); everything the server refused is a DbError with its SQLSTATE.

#include <stdexcept>
#include <string>

#include "core/errors.hpp"

namespace tessera::db {

class DbError : public std::runtime_error {
 public:
  DbError(std::string sqlstate, const std::string& message)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

// A unique constraint refused the row (SQLSTATE 23505); constraint() names it.
class ConflictError : public DbError {
 public:
  ConflictError(std::string sqlstate, const std::string& message, std::string constraint)
      : DbError(std::move(sqlstate), message), constraint_(std::move(constraint)) {}
  const std::string& constraint() const { return constraint_; }

 private:
  std::string constraint_;
};

// The connection failed (the server went away, the network broke). `statement_sent()` is
// false when not a byte of the statement reached the server: running it again on another
// connection cannot run it twice.
class ConnectionLost : public core::UnavailableError {
 public:
  ConnectionLost(const std::string& message, bool statement_sent)
      : core::UnavailableError(message), statement_sent_(statement_sent) {}
  bool statement_sent() const { return statement_sent_; }

 private:
  bool statement_sent_;
};

// A serialization failure or deadlock (40001, 40P01): running the transaction again may work.
class RetryableError : public DbError {
 public:
  using DbError::DbError;
};

}  // namespace tessera::db
