#pragma once
// The core of `tessera db revision --autogenerate`: what it takes to turn the live schema
// into the declared one.

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "db/migrations/change.hpp"
#include "db/schema_model.hpp"

namespace tessera::db::migrations {

struct DiffOptions {
  // Live tables that are not declared and must not be dropped: the version table.
  std::set<std::string, std::less<>> ignored_tables{"tessera_version"};
};

// Both models are normalised first (normalize.hpp), and the SQL is written from the
// normalised text. The upgrade order lets every statement find what it needs:
//   drop foreign keys, drop tables (referencing ones first), drop primary keys, unique
//   constraints and indexes, drop columns, add columns, alter columns, add primary keys,
//   unique constraints and indexes, create tables (referenced ones first), add foreign keys.
// Applying the downgrade SQL of the changes in reverse order undoes them; a dropped table
// or column is recreated as the live model describes it. Foreign keys that close a cycle
// between new (or dropped) tables are added after (dropped before) the tables.
std::vector<Change> diff(const SchemaModel& declared, const SchemaModel& live,
                         const DiffOptions& options = {});

}  // namespace tessera::db::migrations
