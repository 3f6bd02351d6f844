#pragma once
// PostgreSQL DDL for the schema model. Identifiers are quoted only when PostgreSQL's own
// quote_ident would quote them (upper case, odd characters, keywords), so the text reads
// like hand-written SQL. Each function returns complete statements ending in ";", one per
// line; types, defaults and index expressions are written as declared.

#include <string>
#include <string_view>
#include <vector>

#include "db/schema_model.hpp"

namespace tessera::db::migrations {

// users -> users, "Order" -> "\"Order\"", user -> "\"user\"", a"b -> "\"a\"\"b\"".
std::string quote_identifier(std::string_view name);
// "a, b, \"user\"".
std::string quote_list(const std::vector<std::string>& names);

// "email text NOT NULL DEFAULT ''".
std::string column_definition(const Column& column);

// CREATE TABLE with its columns, primary key, unique constraints and foreign keys, then
// CREATE INDEX for each index.
std::string create_table_sql(const Table& table);
std::string drop_table_sql(std::string_view table);

std::string add_column_sql(std::string_view table, const Column& column);
std::string drop_column_sql(std::string_view table, std::string_view column);
std::string alter_column_type_sql(std::string_view table, const Column& column);
std::string alter_column_nullable_sql(std::string_view table, const Column& column);
std::string alter_column_default_sql(std::string_view table, const Column& column);

// An expression naming a column of `table` is quoted as an identifier; a function call is
// written as is; any other expression is put in parentheses, as CREATE INDEX requires.
std::string create_index_sql(const Table& table, const Index& index);
std::string drop_index_sql(std::string_view index);

std::string add_unique_sql(std::string_view table, const UniqueConstraint& unique);
std::string add_foreign_key_sql(std::string_view table, const ForeignKey& key);
std::string add_primary_key_sql(std::string_view table, const std::vector<std::string>& key);
std::string drop_constraint_sql(std::string_view table, std::string_view constraint);

}  // namespace tessera::db::migrations
