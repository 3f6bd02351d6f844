#pragma once
// The live schema as PostgreSQL's catalog describes it (pg_catalog), in the same model as
// the tables declared in code, so that autogenerate can compare the two.

#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "db/connection.hpp"
#include "db/schema_model.hpp"

namespace tessera::db {

// Every ordinary table of the connection's current schema but those in `ignored` (the
// migrations' version table): columns, primary key, unique constraints, foreign keys and
// the indexes that no constraint owns.
boost::asio::awaitable<SchemaModel> read_catalog(Connection& connection,
                                                 const std::vector<std::string>& ignored);

}  // namespace tessera::db
