#pragma once
// The one description of database tables. Tables declared in code, tables read from the
// live catalog and the migration autogenerate diff all use these structs.
//
// Declaring a table (names of constraints and indexes made from column options follow
// PostgreSQL's own defaults, so a declaration compares equal to what the catalog reports):
//
//   const Table images = table("images")
//       .column("id", "uuid", primary_key(), default_sql("gen_random_uuid()"))
//       .column("owner_id", "uuid", references("users", "id", "CASCADE"), indexed())
//       .column("status", "text", default_sql("'pending'"))
//       .column("title", "varchar(200)", nullable())
//       .column("created_at", "timestamptz", default_sql("now()"))
//       .index("ix_images_owner_created", {"owner_id", "created_at"})
//       .build();
//
// Types and defaults are written as PostgreSQL spells them; db/migrations/normalize.hpp
// makes catalog spellings ("character varying(200)", "'pending'::text") compare equal.

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace tessera::db {

// The item of `items` (columns, indexes, constraints, tables) called `name`, or nullptr.
template <typename T>
const T* find_by_name(const std::vector<T>& items, std::string_view name) {
  const auto it =
      std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

struct Column {
  std::string name;
  std::string type;  // "uuid", "text", "varchar(255)", "timestamptz", "double precision", ...
  bool nullable = false;
  std::optional<std::string> default_sql;  // an SQL expression: "now()", "false", "'pending'"

  friend bool operator==(const Column&, const Column&) = default;
};

struct Index {
  std::string name;
  std::vector<std::string> expressions;  // column names or expressions such as "lower(email)"
  bool unique = false;

  friend bool operator==(const Index&, const Index&) = default;
};

struct ForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  std::string on_delete = "NO ACTION";  // "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT"

  friend bool operator==(const ForeignKey&, const ForeignKey&) = default;
};

struct UniqueConstraint {
  std::string name;
  std::vector<std::string> columns;

  friend bool operator==(const UniqueConstraint&, const UniqueConstraint&) = default;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;  // constraint named "<table>_pkey", as PostgreSQL does
  std::vector<Index> indexes;
  std::vector<UniqueConstraint> uniques;
  std::vector<ForeignKey> foreign_keys;

  const Column* find_column(std::string_view column) const;
  const Index* find_index(std::string_view index) const;
  const UniqueConstraint* find_unique(std::string_view constraint) const;
  const ForeignKey* find_foreign_key(std::string_view constraint) const;
  std::vector<std::string> column_names() const;

  friend bool operator==(const Table&, const Table&) = default;
};

struct SchemaModel {
  std::vector<Table> tables;

  const Table* find(std::string_view table) const;

  friend bool operator==(const SchemaModel&, const SchemaModel&) = default;
};

// A declaration that cannot be right: an unknown column in a key, a duplicate name, a name
// longer than PostgreSQL keeps (63 bytes). Thrown when the declaration is built.
class SchemaError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Column options of TableBuilder::column.
struct PrimaryKeyOption {};
struct NullableOption {};
struct UniqueOption {};
struct IndexedOption {};
struct DefaultOption {
  std::string sql;
};
struct ReferencesOption {
  std::string table;
  std::string column;
  std::string on_delete;
};
using ColumnOption = std::variant<PrimaryKeyOption, NullableOption, UniqueOption, IndexedOption,
                                  DefaultOption, ReferencesOption>;

// Part of the primary key (several columns marked so make a composite key).
inline PrimaryKeyOption primary_key() {
  return {};
}
inline NullableOption nullable() {
  return {};
}
// A one-column unique constraint "<table>_<column>_key"; as an index option, a unique index.
inline UniqueOption unique() {
  return {};
}
// A one-column index "ix_<table>_<column>".
inline IndexedOption indexed() {
  return {};
}
inline DefaultOption default_sql(std::string sql) {
  return {std::move(sql)};
}
// A one-column foreign key "<table>_<column>_fkey".
inline ReferencesOption references(std::string table, std::string column = "id",
                                   std::string on_delete = "NO ACTION") {
  return {std::move(table), std::move(column), std::move(on_delete)};
}

class TableBuilder {
 public:
  explicit TableBuilder(std::string name);

  template <typename... Options>
  TableBuilder& column(std::string name, std::string type, Options&&... options) {
    return add_column(std::move(name), std::move(type),
                      std::vector<ColumnOption>{ColumnOption(std::forward<Options>(options))...});
  }
  TableBuilder& index(std::string name, std::vector<std::string> expressions);
  TableBuilder& index(std::string name, std::vector<std::string> expressions, UniqueOption);
  TableBuilder& unique(std::string name, std::vector<std::string> columns);
  TableBuilder& foreign_key(std::string name, std::vector<std::string> columns,
                            std::string ref_table, std::vector<std::string> ref_columns,
                            std::string_view on_delete = "NO ACTION");
  // Replaces the primary key made from column options (for a key declared apart).
  TableBuilder& primary_key(std::vector<std::string> columns);

  // Checks the declaration (SchemaError) and returns it.
  Table build() const;

 private:
  TableBuilder& add_column(std::string name, std::string type, std::vector<ColumnOption> options);

  Table table_;
};

inline TableBuilder table(std::string name) {
  return TableBuilder(std::move(name));
}

// The canonical spelling of an ON DELETE action: "set  null" -> "SET NULL". The builder
// stores actions so.
std::string referential_action(std::string_view text);

// The checks of TableBuilder::build, for tables assembled by other means.
void validate_table(const Table& table);
// validate_table for each table, plus: no table declared twice, index names unique in the
// schema (PostgreSQL keeps them beside the tables), foreign keys naming declared tables and
// columns.
void validate_schema(const SchemaModel& schema);

}  // namespace tessera::db
