#pragma once
// The migrations folder on disk (MIGRATIONS_DIR): reading its files, writing a new one, and
// `tessera db init`.

#include <filesystem>
#include <string_view>
#include <vector>

#include "db/migrations/migration_file.hpp"
#include "db/migrations/revision_graph.hpp"

namespace tessera::db::migrations {

// Every "*.sql" file of `dir`, parsed, in file name order (other files, such as the README,
// are left alone). Throws MigrationFileError for a file that does not parse and
// MigrationError when `dir` or a file cannot be read.
std::vector<MigrationFile> read_migration_dir(const std::filesystem::path& dir);
RevisionGraph load_revision_graph(const std::filesystem::path& dir);

// Writes `file` as dir/migration_filename(file) and returns that path. Never overwrites:
// throws MigrationError if the file exists or cannot be written.
std::filesystem::path write_migration(const std::filesystem::path& dir, const MigrationFile& file);

// Creates `dir` (and its parents) with the README describing the file format. Throws
// MigrationError if `dir` exists and is not an empty folder.
void init_migration_dir(const std::filesystem::path& dir);

// The README that init_migration_dir writes (the repository's migrations/README.md).
std::string_view migrations_readme();

}  // namespace tessera::db::migrations
