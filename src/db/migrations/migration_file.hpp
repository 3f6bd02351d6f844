#pragma once
// One migration file (format in migrations/README.md):
//
//   -- Tessera migration
//   -- revision: 5c1e9b2a7d30
//   -- down_revision: none
//   -- message: create users, images and image_variants
//   -- created: 2026-11-25T10:00:00Z
//
//   -- upgrade
//   CREATE TABLE ...;
//
//   -- downgrade
//   DROP TABLE ...;
//
// named "<revision>_<slug>.sql".

#include <optional>
#include <string>
#include <string_view>

#include "core/timestamp.hpp"
#include "db/migrations/errors.hpp"

namespace tessera::db::migrations {

struct MigrationFile {
  std::string revision;                      // 12 lower-case hexadecimal digits
  std::optional<std::string> down_revision;  // none for the first migration
  std::string message;                       // one line
  std::optional<std::string> created;        // RFC 3339
  std::string upgrade_sql;                   // without leading blank lines or trailing blanks
  std::string downgrade_sql;
  std::string filename;  // where it was read from, for messages; not part of the text

  friend bool operator==(const MigrationFile&, const MigrationFile&) = default;
};

// Throws MigrationFileError naming `filename` and the line for anything malformed: a missing
// or unknown header line, a bad revision id, a missing or repeated section, SQL outside the
// sections. Never crashes, whatever the bytes.
MigrationFile parse_migration(std::string_view text, std::string_view filename);

// The text of the file; parse_migration gives back the same fields. Throws MigrationError
// for fields the format cannot hold (a bad id, a message on several lines, a section line
// inside the SQL).
std::string render_migration(const MigrationFile& file);

// A new migration following `down_revision`, with a fresh id, created now. Blanks in the
// message (newlines too) are collapsed, so any -m text fits on its header line.
MigrationFile new_migration(std::string_view message, std::optional<std::string> down_revision,
                            std::string_view upgrade_sql, std::string_view downgrade_sql,
                            core::Timestamp created = core::now());

// 12 hexadecimal digits from the system's CSPRNG.
std::string new_revision_id();
bool is_revision_id(std::string_view text);

// "Create users, images & variants!" -> "create_users_images_variants", at most 40
// characters, cut at a word boundary; "" when the message has no letter or digit.
std::string slug(std::string_view message);

// "<revision>_<slug>.sql", or "<revision>.sql" for an empty slug.
std::string migration_filename(const MigrationFile& file);

}  // namespace tessera::db::migrations
