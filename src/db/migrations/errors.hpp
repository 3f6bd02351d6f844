#pragma once
// Errors of the migration engine. Each message names the file, line or revisions at fault,
// ready to be printed by `tessera db ...` as is.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tessera::db::migrations {

// Every error below; `tessera db` reports it and exits with a failure status.
class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A migration file that does not follow the format of migrations/README.md.
class MigrationFileError : public MigrationError {
 public:
  // what() is "<file>:<line>: <problem>".
  MigrationFileError(std::string file, std::size_t line, std::string problem);

  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }  // 1-based
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::string file_;
  std::size_t line_;
  std::string problem_;
};

// Files that do not make one chain: duplicate ids, a missing parent, a cycle, two bases,
// two heads.
class RevisionGraphError : public MigrationError {
 public:
  RevisionGraphError(const std::string& message, std::vector<std::string> revisions)
      : MigrationError(message), revisions_(std::move(revisions)) {}

  // The revisions the message names.
  const std::vector<std::string>& revisions() const noexcept { return revisions_; }

 private:
  std::vector<std::string> revisions_;
};

// An upgrade or downgrade target that cannot be reached from the current revision.
class TargetError : public MigrationError {
 public:
  using MigrationError::MigrationError;
};

}  // namespace tessera::db::migrations
