#include "db/migrations/ddl.hpp"

#include <algorithm>
#include <array>

namespace tessera::db::migrations {
namespace {

// PostgreSQL 15's keywords that are not "unreserved" (pg_get_keywords() where catcode <> 'U'):
// quote_ident quotes exactly these, sorted here for binary search.
// clang-format off
constexpr std::array<std::string_view, 151> quoted_keywords{
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
    "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
    "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
    "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
    "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float",
    "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having",
    "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into",
    "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null",
    "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps",
    "overlay", "placing", "position", "precision", "primary", "real", "references", "returning",
    "right", "row", "select", "session_user", "setof", "similar", "smallint", "some", "substring",
    "symmetric", "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat",
    "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose",
    "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable"};
// clang-format on
static_assert(std::is_sorted(quoted_keywords.begin(), quoted_keywords.end()));

bool is_plain_identifier(std::string_view name) {
  if (name.empty()) return false;
  const char first = name.front();
  if (!((first >= 'a' && first <= 'z') || first == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string alter_table(std::string_view table) {
  return "ALTER TABLE " + quote_identifier(table) + " ";
}

std::string alter_column(std::string_view table, std::string_view column) {
  return alter_table(table) + "ALTER COLUMN " + quote_identifier(column) + " ";
}

std::string constraint_clause(std::string_view name) {
  return "CONSTRAINT " + quote_identifier(name) + " ";
}

std::string primary_key_clause(std::string_view table, const std::vector<std::string>& key) {
  return constraint_clause(std::string(table) + "_pkey") + "PRIMARY KEY (" + quote_list(key) + ")";
}

std::string unique_clause(const UniqueConstraint& unique) {
  return constraint_clause(unique.name) + "UNIQUE (" + quote_list(unique.columns) + ")";
}

std::string foreign_key_clause(const ForeignKey& key) {
  std::string clause = constraint_clause(key.name) + "FOREIGN KEY (" + quote_list(key.columns) +
                       ") REFERENCES " + quote_identifier(key.ref_table) + " (" +
                       quote_list(key.ref_columns) + ")";
  if (referential_action(key.on_delete) != "NO ACTION") clause += " ON DELETE " + key.on_delete;
  return clause;
}

// "lower(email)" or "pg_catalog.lower(email)": a name, then parentheses closing at the end.
bool is_function_call(std::string_view expression) {
  const std::size_t open = expression.find('(');
  if (open == 0 || open == std::string_view::npos || !expression.ends_with(')')) return false;
  const std::string_view name = expression.substr(0, open);
  if (!std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.';
      })) {
    return false;
  }
  int depth = 0;
  for (std::size_t i = open; i < expression.size(); ++i) {
    if (expression[i] == '(') ++depth;
    if (expression[i] == ')' && --depth == 0) return i + 1 == expression.size();
  }
  return false;
}

std::string index_element(const Table& table, const std::string& expression) {
  if (table.find_column(expression) != nullptr) return quote_identifier(expression);
  if (is_function_call(expression)) return expression;
  return "(" + expression + ")";
}

}  // namespace

std::string quote_identifier(std::string_view name) {
  if (is_plain_identifier(name) &&
      !std::binary_search(quoted_keywords.begin(), quoted_keywords.end(), name)) {
    return std::string(name);
  }
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string quote_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += quote_identifier(name);
  }
  return out;
}

std::string column_definition(const Column& column) {
  std::string out = quote_identifier(column.name) + " " + column.type;
  if (!column.nullable) out += " NOT NULL";
  if (column.default_sql) out += " DEFAULT " + *column.default_sql;
  return out;
}

std::string create_table_sql(const Table& table) {
  std::vector<std::string> items;
  for (const auto& column : table.columns) items.push_back(column_definition(column));
  if (!table.primary_key.empty())
    items.push_back(primary_key_clause(table.name, table.primary_key));
  for (const auto& unique : table.uniques) items.push_back(unique_clause(unique));
  for (const auto& key : table.foreign_keys) items.push_back(foreign_key_clause(key));

  std::string sql = "CREATE TABLE " + quote_identifier(table.name) + " (\n";
  for (std::size_t i = 0; i < items.size(); ++i) {
    sql += "    " + items[i] + (i + 1 < items.size() ? ",\n" : "\n");
  }
  sql += ");\n";
  for (const auto& index : table.indexes) sql += create_index_sql(table, index);
  return sql;
}

std::string drop_table_sql(std::string_view table) {
  return "DROP TABLE " + quote_identifier(table) + ";\n";
}

std::string add_column_sql(std::string_view table, const Column& column) {
  return alter_table(table) + "ADD COLUMN " + column_definition(column) + ";\n";
}

std::string drop_column_sql(std::string_view table, std::string_view column) {
  return alter_table(table) + "DROP COLUMN " + quote_identifier(column) + ";\n";
}

// Without USING: PostgreSQL then applies the assignment cast, which refuses to truncate
// (varchar(100) from longer text) where an explicit cast would silently cut.
std::string alter_column_type_sql(std::string_view table, const Column& column) {
  return alter_column(table, column.name) + "TYPE " + column.type + ";\n";
}

std::string alter_column_nullable_sql(std::string_view table, const Column& column) {
  return alter_column(table, column.name) + (column.nullable ? "DROP NOT NULL" : "SET NOT NULL") +
         ";\n";
}

std::string alter_column_default_sql(std::string_view table, const Column& column) {
  return alter_column(table, column.name) +
         (column.default_sql ? "SET DEFAULT " + *column.default_sql : "DROP DEFAULT") + ";\n";
}

std::string create_index_sql(const Table& table, const Index& index) {
  std::string elements;
  for (const auto& expression : index.expressions) {
    if (!elements.empty()) elements += ", ";
    elements += index_element(table, expression);
  }
  return std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
         quote_identifier(index.name) + " ON " + quote_identifier(table.name) + " (" + elements +
         ");\n";
}

std::string drop_index_sql(std::string_view index) {
  return "DROP INDEX " + quote_identifier(index) + ";\n";
}

std::string add_unique_sql(std::string_view table, const UniqueConstraint& unique) {
  return alter_table(table) + "ADD " + unique_clause(unique) + ";\n";
}

std::string add_foreign_key_sql(std::string_view table, const ForeignKey& key) {
  return alter_table(table) + "ADD " + foreign_key_clause(key) + ";\n";
}

std::string add_primary_key_sql(std::string_view table, const std::vector<std::string>& key) {
  return alter_table(table) + "ADD " + primary_key_clause(table, key) + ";\n";
}

std::string drop_constraint_sql(std::string_view table, std::string_view constraint) {
  return alter_table(table) + "DROP CONSTRAINT " + quote_identifier(constraint) + ";\n";
}

}  // namespace tessera::db::migrations
