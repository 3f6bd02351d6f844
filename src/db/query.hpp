#pragma once
// A named SQL statement: the name keys the per-connection prepared statement cache, so the
// same name must always mean the same SQL.

#include <string_view>

namespace tessera::db {

struct Query {
  std::string_view name;
  std::string_view sql;
};

}  // namespace tessera::db
