#pragma once
// The version table and the SQL `tessera db upgrade ... --sql` prints instead of running,
// as Alembic's offline mode does: each step in its own transaction with the version update.

#include <string>
#include <string_view>

#include "db/migrations/plan.hpp"

namespace tessera::db::migrations {

// One row, like alembic_version: the revision the database is at (no row: the base).
inline constexpr std::string_view default_version_table = "tessera_version";

// "CREATE TABLE IF NOT EXISTS tessera_version (version_num varchar(32) NOT NULL PRIMARY KEY);"
std::string version_table_ddl(std::string_view table = default_version_table);

// The INSERT, UPDATE or DELETE that moves the version table from step.version_before to
// step.version_after. Revision ids are 12 hexadecimal digits, so writing them as literals
// is safe; an online runner may bind them instead.
std::string version_update_sql(const Step& step, std::string_view table = default_version_table);

// The version table DDL, then per step: a "-- Running upgrade a -> b" comment, BEGIN, the
// step's SQL, the version update and COMMIT.
std::string render_offline_sql(const Plan& plan, std::string_view table = default_version_table);

}  // namespace tessera::db::migrations
