#include "db/catalog.hpp"

#include <algorithm>
#include <map>

#include <boost/describe/class.hpp>

namespace tessera::db {
namespace {

namespace asio = boost::asio;

// Lists come back joined by the unit separator (never part of a name or an expression).
constexpr char separator = '\x1f';

std::vector<std::string> split(const std::string& joined) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  if (joined.empty()) return parts;
  for (std::size_t end; (end = joined.find(separator, start)) != std::string::npos; start = end + 1)
    parts.push_back(joined.substr(start, end - start));
  parts.push_back(joined.substr(start));
  return parts;
}

struct ColumnRow {
  std::string table_name;
  std::string column_name;
  std::string type;
  bool not_null = false;
  std::optional<std::string> default_sql;
};
BOOST_DESCRIBE_STRUCT(ColumnRow, (), (table_name, column_name, type, not_null, default_sql))

struct ConstraintRow {
  std::string table_name;
  std::string name;
  std::string kind;  // p, u, f
  std::string columns;
  std::optional<std::string> ref_table;
  std::optional<std::string> ref_columns;
  std::string on_delete;  // a, r, c, n, d
};
BOOST_DESCRIBE_STRUCT(ConstraintRow, (),
                      (table_name, name, kind, columns, ref_table, ref_columns, on_delete))

struct IndexRow {
  std::string table_name;
  std::string name;
  bool is_unique = false;
  std::string expressions;
};
BOOST_DESCRIBE_STRUCT(IndexRow, (), (table_name, name, is_unique, expressions))

constexpr Query columns_query{"catalog_columns", R"(
SELECT c.relname AS table_name, a.attname AS column_name,
       format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
       pg_get_expr(d.adbin, d.adrelid) AS default_sql
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum)"};

constexpr Query constraints_query{"catalog_constraints", R"(
SELECT c.relname AS table_name, con.conname AS name, con.contype::text AS kind,
       (SELECT string_agg(att.attname, E'\x1f' ORDER BY k.ord)
          FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = k.attnum) AS columns,
       fc.relname AS ref_table,
       (SELECT string_agg(att.attname, E'\x1f' ORDER BY k.ord)
          FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute att ON att.attrelid = con.confrelid AND att.attnum = k.attnum) AS ref_columns,
       con.confdeltype::text AS on_delete
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'f')
ORDER BY c.relname, con.conname)"};

constexpr Query indexes_query{"catalog_indexes", R"(
SELECT t.relname AS table_name, i.relname AS name, ix.indisunique AS is_unique,
       (SELECT string_agg(pg_get_indexdef(ix.indexrelid, k, true), E'\x1f' ORDER BY k)
          FROM generate_series(1, ix.indnkeyatts) AS k) AS expressions
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() AND t.relkind = 'r'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid)
ORDER BY t.relname, i.relname)"};

std::string on_delete_action(const std::string& code) {
  if (code == "c") return "CASCADE";
  if (code == "n") return "SET NULL";
  if (code == "d") return "SET DEFAULT";
  if (code == "r") return "RESTRICT";
  return "NO ACTION";
}

}  // namespace

asio::awaitable<SchemaModel> read_catalog(Connection& connection,
                                          const std::vector<std::string>& ignored) {
  const auto columns = (co_await connection.execute(columns_query, Params())).as<ColumnRow>();
  const auto constraints =
      (co_await connection.execute(constraints_query, Params())).as<ConstraintRow>();
  const auto indexes = (co_await connection.execute(indexes_query, Params())).as<IndexRow>();

  std::map<std::string, Table> tables;
  const auto table = [&](const std::string& name) -> Table* {
    if (std::find(ignored.begin(), ignored.end(), name) != ignored.end()) return nullptr;
    Table& t = tables[name];
    t.name = name;
    return &t;
  };
  for (const auto& row : columns)
    if (Table* t = table(row.table_name))
      t->columns.push_back(Column{row.column_name, row.type, !row.not_null, row.default_sql});
  for (const auto& row : constraints) {
    Table* t = table(row.table_name);
    if (!t) continue;
    if (row.kind == "p") t->primary_key = split(row.columns);
    if (row.kind == "u") t->uniques.push_back(UniqueConstraint{row.name, split(row.columns)});
    if (row.kind == "f")
      t->foreign_keys.push_back(ForeignKey{row.name, split(row.columns), row.ref_table.value_or(""),
                                           split(row.ref_columns.value_or("")),
                                           on_delete_action(row.on_delete)});
  }
  for (const auto& row : indexes)
    if (Table* t = table(row.table_name))
      t->indexes.push_back(Index{row.name, split(row.expressions), row.is_unique});

  SchemaModel model;
  for (auto& [name, t] : tables) model.tables.push_back(std::move(t));
  co_return model;
}

}  // namespace tessera::db
