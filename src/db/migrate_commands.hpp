#pragma once
// The `tessera db ...` commands (API.md, Command line), like Alembic's. Each prints what
// it does on stdout, problems on stderr, and returns the process's exit status.

#include <filesystem>
#include <functional>
#include <string>

#include "db/connection.hpp"
#include "db/migrations/plan.hpp"
#include "db/schema_model.hpp"

namespace tessera::db {

struct MigrationCommands {
  ConnectOptions connect;
  std::filesystem::path dir;
  // The schema declared in code (for --autogenerate).
  std::function<const SchemaModel&()> declared;

  int init() const;
  int upgrade(const std::string& target,
              bool sql_only) const;  // "head", "+N", id; "FROM:TO" with --sql
  int downgrade(const std::string& target,
                bool sql_only) const;  // "-N", "base", id; "FROM:TO" with --sql
  int revision(const std::string& message, bool autogenerate) const;
  int current() const;
  int history() const;
  int heads() const;
  // Like `alembic check`: 0 when the database, at the head revision, has exactly the schema
  // declared in code; 1 with the differences listed when it does not (or on any failure).
  int check() const;

 private:
  int migrate(migrations::Direction direction, const std::string& target, bool sql_only) const;
};

}  // namespace tessera::db
