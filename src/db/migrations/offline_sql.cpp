#include "db/migrations/offline_sql.hpp"

#include "db/migrations/ddl.hpp"

namespace tessera::db::migrations {
namespace {

std::string literal(const std::string& revision) {
  return "'" + revision + "'";
}

std::string name_of(const std::optional<std::string>& revision) {
  return revision.value_or("base");
}

}  // namespace

std::string version_table_ddl(std::string_view table) {
  return "CREATE TABLE IF NOT EXISTS " + quote_identifier(table) +
         " (version_num varchar(32) NOT NULL PRIMARY KEY);\n";
}

std::string version_update_sql(const Step& step, std::string_view table) {
  const std::string name = quote_identifier(table);
  if (!step.version_before && step.version_after) {
    return "INSERT INTO " + name + " (version_num) VALUES (" + literal(*step.version_after) +
           ");\n";
  }
  if (step.version_before && step.version_after) {
    return "UPDATE " + name + " SET version_num = " + literal(*step.version_after) +
           " WHERE version_num = " + literal(*step.version_before) + ";\n";
  }
  if (step.version_before) {
    return "DELETE FROM " + name + " WHERE version_num = " + literal(*step.version_before) + ";\n";
  }
  return "";
}

std::string render_offline_sql(const Plan& plan, std::string_view table) {
  std::string sql = "-- Tessera offline migration: " + std::string(to_string(plan.direction)) +
                    " " + name_of(plan.current) + " -> " + name_of(plan.target) + "\n\n" +
                    version_table_ddl(table);
  if (plan.empty()) sql += "\n-- Nothing to do: the database is at " + name_of(plan.target) + ".\n";
  for (const auto& step : plan.steps) {
    sql += "\n-- Running " + std::string(to_string(step.direction)) + " " +
           name_of(step.version_before) + " -> " + name_of(step.version_after) + ": " +
           step.message + "\n\nBEGIN;\n\n";
    if (!step.sql.empty()) sql += step.sql + (step.sql.ends_with('\n') ? "\n" : "\n\n");
    sql += version_update_sql(step, table) + "\nCOMMIT;\n";
  }
  return sql;
}

}  // namespace tessera::db::migrations
