#pragma once
// One difference between the declared schema and the live one, with the SQL that applies
// it (upgrade) and the SQL that undoes it (downgrade).

#include <string>
#include <string_view>
#include <vector>

namespace tessera::db::migrations {

enum class ChangeKind {
  add_table,
  drop_table,
  add_column,
  drop_column,
  alter_column_type,
  alter_column_nullable,
  alter_column_default,
  add_index,
  drop_index,
  add_unique,
  drop_unique,
  add_foreign_key,
  drop_foreign_key,
  add_primary_key,
  drop_primary_key,
};

std::string_view to_string(ChangeKind kind);  // "add_table", ...

struct Change {
  ChangeKind kind;
  std::string table;
  std::string object;       // the column, index or constraint; empty for a table
  std::string description;  // one line: "add column users.nickname"
  std::string upgrade_sql;  // complete statements, each ending in ";\n"
  std::string downgrade_sql;

  friend bool operator==(const Change&, const Change&) = default;
};

// The upgrade SQL of every change, in order; the downgrade SQL of every change, in reverse.
std::string upgrade_sql(const std::vector<Change>& changes);
std::string downgrade_sql(const std::vector<Change>& changes);

}  // namespace tessera::db::migrations
