#pragma once
// The statements of the mappers are written against the table declarations (tables.hpp):
// in a statement's text, "{users}" is the declared name of users and "{users_columns}" the
// list of its declared columns, and so for every declared table. The text is written once,
// at first use; values are never part of it, they are bound as $1, $2, ...
//
//   constexpr Sql find_by_id{"users.find_by_id",
//                            "SELECT {users_columns} FROM {users} WHERE id = $1"};
//   co_await db.fetch_optional<domain::User>(query<find_by_id>(), id);

#include <string>
#include <string_view>

#include "db/query.hpp"

namespace tessera::mappers {

struct Sql {
  std::string_view name;  // the prepared statement's name: one text per name
  std::string_view text;  // with {table} and {table_columns} placeholders
};

// The text with its placeholders replaced; an unknown placeholder is a std::logic_error.
std::string expand_sql(std::string_view text);

template <const Sql& S>
const db::Query& query() {
  static const std::string text = expand_sql(S.text);
  static const db::Query statement{S.name, text};
  return statement;
}

}  // namespace tessera::mappers
