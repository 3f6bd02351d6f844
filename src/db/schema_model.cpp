#include "db/schema_model.hpp"

#include <set>

namespace tessera::db {
namespace {

// PostgreSQL truncates longer identifiers (NAMEDATALEN - 1), so a longer declared name would
// never match the catalog.
constexpr std::size_t max_identifier_bytes = 63;

[[noreturn]] void fail(const std::string& table, const std::string& problem) {
  throw SchemaError("table " + table + ": " + problem);
}

void check_name(const std::string& table, std::string_view what, const std::string& name) {
  if (name.empty()) fail(table, std::string(what) + " without a name");
  if (name.size() > max_identifier_bytes) {
    fail(table, std::string(what) + " name " + name + " is longer than 63 bytes");
  }
}

void check_columns_exist(const Table& table, std::string_view what,
                         const std::vector<std::string>& columns) {
  if (columns.empty()) fail(table.name, std::string(what) + " without columns");
  std::set<std::string_view> seen;
  for (const auto& column : columns) {
    if (table.find_column(column) == nullptr) {
      fail(table.name, std::string(what) + " names unknown column " + column);
    }
    if (!seen.insert(column).second) {
      fail(table.name, std::string(what) + " names column " + column + " twice");
    }
  }
}

bool is_known_action(std::string_view action) {
  return action == "NO ACTION" || action == "RESTRICT" || action == "CASCADE" ||
         action == "SET NULL" || action == "SET DEFAULT";
}

void check_constraints(const Table& table) {
  std::set<std::string> names;  // owns them: the primary key's name is made here
  const auto claim = [&](std::string_view what, const std::string& name) {
    check_name(table.name, what, name);
    if (!names.insert(name).second) fail(table.name, "two constraints or indexes named " + name);
  };
  claim("primary key", table.name + "_pkey");
  for (const auto& index : table.indexes) {
    claim("index", index.name);
    if (index.expressions.empty()) fail(table.name, "index " + index.name + " without columns");
  }
  for (const auto& unique : table.uniques) {
    claim("unique constraint", unique.name);
    check_columns_exist(table, "unique constraint " + unique.name, unique.columns);
  }
  for (const auto& key : table.foreign_keys) {
    claim("foreign key", key.name);
    check_columns_exist(table, "foreign key " + key.name, key.columns);
    if (key.ref_table.empty() || key.ref_columns.size() != key.columns.size()) {
      fail(table.name, "foreign key " + key.name + " must reference as many columns as it has");
    }
    if (!is_known_action(key.on_delete)) {
      fail(table.name, "foreign key " + key.name + " has unknown ON DELETE " + key.on_delete);
    }
  }
}

}  // namespace

std::string referential_action(std::string_view text) {
  std::string action;
  for (const char c : text) {
    const bool blank = c == ' ' || c == '\t';
    if (blank && (action.empty() || action.back() == ' ')) continue;
    action += blank ? ' ' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  if (!action.empty() && action.back() == ' ') action.pop_back();
  return action;
}

const Column* Table::find_column(std::string_view column) const {
  return find_by_name(columns, column);
}
const Index* Table::find_index(std::string_view index) const {
  return find_by_name(indexes, index);
}
const UniqueConstraint* Table::find_unique(std::string_view constraint) const {
  return find_by_name(uniques, constraint);
}
const ForeignKey* Table::find_foreign_key(std::string_view constraint) const {
  return find_by_name(foreign_keys, constraint);
}

std::vector<std::string> Table::column_names() const {
  std::vector<std::string> names;
  names.reserve(columns.size());
  for (const auto& column : columns) names.push_back(column.name);
  return names;
}

const Table* SchemaModel::find(std::string_view table) const {
  return find_by_name(tables, table);
}

void validate_table(const Table& table) {
  check_name(table.name, "table", table.name);
  std::set<std::string_view> names;
  for (const auto& column : table.columns) {
    check_name(table.name, "column", column.name);
    if (column.type.empty()) fail(table.name, "column " + column.name + " without a type");
    if (!names.insert(column.name).second) fail(table.name, "two columns named " + column.name);
  }
  if (!table.primary_key.empty()) {
    check_columns_exist(table, "primary key", table.primary_key);
    for (const auto& name : table.primary_key) {
      // PostgreSQL makes primary key columns NOT NULL whatever was declared.
      if (table.find_column(name)->nullable) {
        fail(table.name, "primary key column " + name + " is declared nullable");
      }
    }
  }
  check_constraints(table);
}

void validate_schema(const SchemaModel& schema) {
  std::set<std::string_view> tables;
  std::set<std::string_view> indexes;
  for (const auto& table : schema.tables) {
    validate_table(table);
    if (!tables.insert(table.name).second) fail(table.name, "declared twice");
    for (const auto& index : table.indexes) {
      if (!indexes.insert(index.name).second)
        fail(table.name, "index name " + index.name + " is used twice");
    }
  }
  for (const auto& table : schema.tables) {
    for (const auto& key : table.foreign_keys) {
      const Table* target = schema.find(key.ref_table);
      if (target == nullptr) {
        fail(table.name, "foreign key " + key.name + " references unknown table " + key.ref_table);
      }
      for (const auto& column : key.ref_columns) {
        if (target->find_column(column) == nullptr) {
          fail(table.name, "foreign key " + key.name + " references unknown column " +
                               key.ref_table + "." + column);
        }
      }
    }
  }
}

TableBuilder::TableBuilder(std::string name) {
  table_.name = std::move(name);
}

TableBuilder& TableBuilder::add_column(std::string name, std::string type,
                                       std::vector<ColumnOption> options) {
  Column column{.name = name, .type = std::move(type)};
  for (auto& option : options) {
    if (auto* value = std::get_if<DefaultOption>(&option)) {
      column.default_sql = std::move(value->sql);
    } else if (std::holds_alternative<NullableOption>(option)) {
      column.nullable = true;
    } else if (std::holds_alternative<PrimaryKeyOption>(option)) {
      table_.primary_key.push_back(name);
    } else if (std::holds_alternative<UniqueOption>(option)) {
      table_.uniques.push_back({table_.name + "_" + name + "_key", {name}});
    } else if (std::holds_alternative<IndexedOption>(option)) {
      table_.indexes.push_back({"ix_" + table_.name + "_" + name, {name}, false});
    } else if (auto* target = std::get_if<ReferencesOption>(&option)) {
      table_.foreign_keys.push_back({table_.name + "_" + name + "_fkey",
                                     {name},
                                     std::move(target->table),
                                     {std::move(target->column)},
                                     referential_action(target->on_delete)});
    }
  }
  table_.columns.push_back(std::move(column));
  return *this;
}

TableBuilder& TableBuilder::index(std::string name, std::vector<std::string> expressions) {
  table_.indexes.push_back({std::move(name), std::move(expressions), false});
  return *this;
}

TableBuilder& TableBuilder::index(std::string name, std::vector<std::string> expressions,
                                  UniqueOption) {
  table_.indexes.push_back({std::move(name), std::move(expressions), true});
  return *this;
}

TableBuilder& TableBuilder::unique(std::string name, std::vector<std::string> columns) {
  table_.uniques.push_back({std::move(name), std::move(columns)});
  return *this;
}

TableBuilder& TableBuilder::foreign_key(std::string name, std::vector<std::string> columns,
                                        std::string ref_table, std::vector<std::string> ref_columns,
                                        std::string_view on_delete) {
  table_.foreign_keys.push_back({std::move(name), std::move(columns), std::move(ref_table),
                                 std::move(ref_columns), referential_action(on_delete)});
  return *this;
}

TableBuilder& TableBuilder::primary_key(std::vector<std::string> columns) {
  table_.primary_key = std::move(columns);
  return *this;
}

Table TableBuilder::build() const {
  validate_table(table_);
  return table_;
}

}  // namespace tessera::db
