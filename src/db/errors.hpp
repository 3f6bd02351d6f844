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

// A serialization failure or deadlock (40001, 40P01): running the transaction again may work.
class RetryableError : public DbError {
 public:
  using DbError::DbError;
};

}  // namespace tessera::db
