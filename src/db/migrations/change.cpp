#include "db/migrations/change.hpp"

namespace tessera::db::migrations {

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::add_table:
      return "add_table";
    case ChangeKind::drop_table:
      return "drop_table";
    case ChangeKind::add_column:
      return "add_column";
    case ChangeKind::drop_column:
      return "drop_column";
    case ChangeKind::alter_column_type:
      return "alter_column_type";
    case ChangeKind::alter_column_nullable:
      return "alter_column_nullable";
    case ChangeKind::alter_column_default:
      return "alter_column_default";
    case ChangeKind::add_index:
      return "add_index";
    case ChangeKind::drop_index:
      return "drop_index";
    case ChangeKind::add_unique:
      return "add_unique";
    case ChangeKind::drop_unique:
      return "drop_unique";
    case ChangeKind::add_foreign_key:
      return "add_foreign_key";
    case ChangeKind::drop_foreign_key:
      return "drop_foreign_key";
    case ChangeKind::add_primary_key:
      return "add_primary_key";
    case ChangeKind::drop_primary_key:
      return "drop_primary_key";
  }
  return "unknown";
}

// Changes are separated by a blank line, so a reader sees where each one starts.
std::string upgrade_sql(const std::vector<Change>& changes) {
  std::string sql;
  for (const auto& change : changes) {
    if (!sql.empty()) sql += '\n';
    sql += change.upgrade_sql;
  }
  return sql;
}

std::string downgrade_sql(const std::vector<Change>& changes) {
  std::string sql;
  for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
    if (!sql.empty()) sql += '\n';
    sql += it->downgrade_sql;
  }
  return sql;
}

}  // namespace tessera::db::migrations
