#pragma once
// Helpers of the migration tests: migration files without any file on disk, and the
// message of an expected error.

#include <optional>
#include <string>
#include <vector>

#include "db/migrations/migration_file.hpp"

namespace tessera::db::migrations::test {

// The id "aaaa00000001" for n = 1, ...: ids whose prefixes tests can aim at.
inline std::string id(int n) {
  std::string digits = std::to_string(n);
  return "aaaa" + std::string(8 - digits.size(), '0') + digits;
}

inline MigrationFile file(const std::string& revision, std::optional<std::string> parent) {
  return {.revision = revision,
          .down_revision = std::move(parent),
          .message = "step " + revision,
          .created = std::nullopt,
          .upgrade_sql = "-- up " + revision,
          .downgrade_sql = "-- down " + revision,
          .filename = revision + ".sql"};
}

// id(1) <- id(2) <- ... <- id(count), in a shuffled file order.
inline std::vector<MigrationFile> chain_of(int count) {
  std::vector<MigrationFile> files;
  for (int n = count; n >= 1; --n) {
    files.push_back(file(id(n), n == 1 ? std::nullopt : std::optional(id(n - 1))));
  }
  return files;
}

// The what() of the Error that `run` throws; "no error" when it returns.
template <typename Error, typename Run>
std::string error_message(Run&& run) {
  try {
    run();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace tessera::db::migrations::test
