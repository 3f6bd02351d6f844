#pragma once
// Canonical spellings, so that a declaration and the catalog's report of the same schema
// compare equal: PostgreSQL reports "character varying(255)" for "varchar(255)",
// "timestamp with time zone" for "timestamptz", "'pending'::text" for "'pending'" and
// "'-1'::integer" for "-1".
//
// Outside quoted literals and identifiers, SQL is lower-cased and its blanks collapsed;
// quoted text is kept as written. Expressions are compared as text: an index expression
// PostgreSQL rewrites (it prints lower(email) on a varchar column as "lower((email)::text)")
// is best declared as the catalog prints it.

#include <string>
#include <string_view>

#include "db/schema_model.hpp"

namespace tessera::db::migrations {

// "INT4" -> "integer", "character varying(20)[]" -> "varchar(20)[]",
// "timestamp(3) with time zone" -> "timestamptz(3)", "float8" -> "double precision".
std::string normalize_type(std::string_view type);

// The default of a column of `type`: a literal cast to the column's own type loses its cast,
// a quoted number on a numeric column loses its quotes, redundant outer parentheses go.
std::string normalize_default(std::string_view sql, std::string_view type);

// An index expression or column: " Lower( Email ) " -> "lower(email)".
std::string normalize_expression(std::string_view expression);

// A copy with every type, default, index expression and referential action canonical.
Table normalize(const Table& table);
SchemaModel normalize(const SchemaModel& schema);

}  // namespace tessera::db::migrations
