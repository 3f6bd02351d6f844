#include "db/migrations/diff.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "db/migrations/ddl.hpp"
#include "db/migrations/normalize.hpp"

namespace tessera::db::migrations {
namespace {

// The upgrade runs the phases in this order (see diff.hpp for why).
enum Phase : std::size_t {
  drop_foreign_keys,
  drop_tables,
  drop_keys,
  drop_columns,
  add_columns,
  alter_columns,
  add_keys,
  create_tables,
  add_foreign_keys,
  phase_count,
};

std::string changed_suffix(bool changed) {
  return changed ? " (changed)" : "";
}

ChangeKind removal_kind(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::add_table:
      return ChangeKind::drop_table;
    case ChangeKind::add_column:
      return ChangeKind::drop_column;
    case ChangeKind::add_index:
      return ChangeKind::drop_index;
    case ChangeKind::add_unique:
      return ChangeKind::drop_unique;
    case ChangeKind::add_foreign_key:
      return ChangeKind::drop_foreign_key;
    case ChangeKind::add_primary_key:
      return ChangeKind::drop_primary_key;
    default:
      return kind;
  }
}

// The change that takes away what `addition` adds: its SQL swapped, "add ..." -> "drop ...".
Change removal(Change addition) {
  return {removal_kind(addition.kind),       std::move(addition.table),
          std::move(addition.object),        "drop" + addition.description.substr(3),
          std::move(addition.downgrade_sql), std::move(addition.upgrade_sql)};
}

Change table_added(const Table& table) {
  return {
      ChangeKind::add_table,     table.name, "", "add table " + table.name, create_table_sql(table),
      drop_table_sql(table.name)};
}

Change column_added(const Table& table, const Column& column) {
  return {ChangeKind::add_column,
          table.name,
          column.name,
          "add column " + table.name + "." + column.name,
          add_column_sql(table.name, column),
          drop_column_sql(table.name, column.name)};
}

std::string nullability(const Column& column) {
  return column.nullable ? "nullable" : "NOT NULL";
}

std::string default_text(const Column& column) {
  return column.default_sql.value_or("none");
}

// One change per altered property of a column, each reversible on its own.
void compare_column(const std::string& table, const Column& want, const Column& have,
                    std::vector<Change>& out) {
  const std::string prefix = "alter column " + table + "." + want.name;
  if (want.type != have.type) {
    out.push_back({ChangeKind::alter_column_type, table, want.name,
                   prefix + " type: " + have.type + " -> " + want.type,
                   alter_column_type_sql(table, want), alter_column_type_sql(table, have)});
  }
  if (want.nullable != have.nullable) {
    out.push_back({ChangeKind::alter_column_nullable, table, want.name,
                   prefix + ": " + nullability(have) + " -> " + nullability(want),
                   alter_column_nullable_sql(table, want), alter_column_nullable_sql(table, have)});
  }
  if (want.default_sql != have.default_sql) {
    out.push_back({ChangeKind::alter_column_default, table, want.name,
                   prefix + " default: " + default_text(have) + " -> " + default_text(want),
                   alter_column_default_sql(table, want), alter_column_default_sql(table, have)});
  }
}

Change index_added(const Table& table, const Index& index, bool changed) {
  return {ChangeKind::add_index,
          table.name,
          index.name,
          std::string("add ") + (index.unique ? "unique " : "") + "index " + index.name + " on " +
              table.name + changed_suffix(changed),
          create_index_sql(table, index),
          drop_index_sql(index.name)};
}

// A constraint made by `add_sql` and taken away by DROP CONSTRAINT.
Change constraint_added(ChangeKind kind, const Table& table, std::string_view what,
                        const std::string& name, std::string add_sql, bool changed) {
  return {kind,
          table.name,
          name,
          "add " + std::string(what) + " " + name + " on " + table.name + changed_suffix(changed),
          std::move(add_sql),
          drop_constraint_sql(table.name, name)};
}

Change unique_added(const Table& table, const UniqueConstraint& unique, bool changed) {
  return constraint_added(ChangeKind::add_unique, table, "unique constraint", unique.name,
                          add_unique_sql(table.name, unique), changed);
}

Change foreign_key_added(const Table& table, const ForeignKey& key, bool changed) {
  return constraint_added(ChangeKind::add_foreign_key, table, "foreign key", key.name,
                          add_foreign_key_sql(table.name, key), changed);
}

Change primary_key_added(const Table& table) {
  const std::string name = table.name + "_pkey";
  return {ChangeKind::add_primary_key,
          table.name,
          name,
          "add primary key " + name + " (" + quote_list(table.primary_key) + ")",
          add_primary_key_sql(table.name, table.primary_key),
          drop_constraint_sql(table.name, name)};
}

// Tables ordered so that each follows the tables of the list it references. A foreign key
// that closes a cycle cannot be created with its table: it is taken out into `deferred`.
struct DependencyOrder {
  std::vector<Table> tables;
  std::vector<std::pair<const Table*, ForeignKey>> deferred;
};

bool references_pending(const ForeignKey& key, const Table& table,
                        const std::vector<const Table*>& pending) {
  if (key.ref_table == table.name) return false;  // a self-reference needs no order
  for (const Table* other : pending) {
    if (other->name == key.ref_table) return true;
  }
  return false;
}

DependencyOrder dependency_order(std::vector<const Table*> pending) {
  DependencyOrder order;
  while (!pending.empty()) {
    auto ready = pending.begin();
    for (; ready != pending.end(); ++ready) {
      const auto& keys = (*ready)->foreign_keys;
      if (std::none_of(keys.begin(), keys.end(), [&](const ForeignKey& key) {
            return references_pending(key, **ready, pending);
          })) {
        break;
      }
    }
    if (ready == pending.end()) ready = pending.begin();  // a cycle: break it here
    const Table* table = *ready;
    pending.erase(ready);
    Table placed = *table;
    placed.foreign_keys.clear();
    for (const auto& key : table->foreign_keys) {
      if (references_pending(key, *table, pending)) {
        order.deferred.emplace_back(table, key);
      } else {
        placed.foreign_keys.push_back(key);
      }
    }
    order.tables.push_back(std::move(placed));
  }
  return order;
}

class Differ {
 public:
  Differ(const SchemaModel& declared, const SchemaModel& live, const DiffOptions& options)
      : declared_(normalize(declared)), live_(normalize(live)), options_(options) {}

  std::vector<Change> run() {
    std::vector<const Table*> created;
    std::vector<const Table*> dropped;
    for (const auto& table : declared_.tables) {
      const Table* existing = live_.find(table.name);
      if (existing == nullptr) {
        created.push_back(&table);
      } else {
        compare_table(table, *existing);
      }
    }
    for (const auto& table : live_.tables) {
      if (declared_.find(table.name) == nullptr && !options_.ignored_tables.contains(table.name)) {
        dropped.push_back(&table);
      }
    }
    create(created);
    drop(dropped);
    std::vector<Change> changes;
    for (auto& phase : phases_) {
      for (auto& change : phase) changes.push_back(std::move(change));
    }
    return changes;
  }

 private:
  void compare_table(const Table& want, const Table& have) {
    for (const auto& column : have.columns) {
      if (want.find_column(column.name) == nullptr) {
        phases_[drop_columns].push_back(removal(column_added(have, column)));
      }
    }
    for (const auto& column : want.columns) {
      const Column* existing = have.find_column(column.name);
      if (existing == nullptr) {
        phases_[add_columns].push_back(column_added(want, column));
      } else {
        compare_column(want.name, column, *existing, phases_[alter_columns]);
      }
    }
    if (want.primary_key != have.primary_key) {
      if (!have.primary_key.empty()) phases_[drop_keys].push_back(removal(primary_key_added(have)));
      if (!want.primary_key.empty()) phases_[add_keys].push_back(primary_key_added(want));
    }
    compare_named(want, have, &Table::uniques, unique_added, drop_keys, add_keys);
    compare_named(want, have, &Table::indexes, index_added, drop_keys, add_keys);
    compare_named(want, have, &Table::foreign_keys, foreign_key_added, drop_foreign_keys,
                  add_foreign_keys);
  }

  // Indexes and constraints are matched by name; one whose definition changed is dropped
  // and made again.
  template <typename Item>
  void compare_named(const Table& want, const Table& have, std::vector<Item> Table::*items,
                     Change (*added)(const Table&, const Item&, bool), Phase drop_phase,
                     Phase add_phase) {
    for (const auto& item : have.*items) {
      const Item* wanted = find_by_name(want.*items, item.name);
      if (wanted == nullptr || !(*wanted == item)) {
        phases_[drop_phase].push_back(removal(added(have, item, wanted != nullptr)));
      }
    }
    for (const auto& item : want.*items) {
      const Item* existing = find_by_name(have.*items, item.name);
      if (existing == nullptr || !(*existing == item)) {
        phases_[add_phase].push_back(added(want, item, existing != nullptr));
      }
    }
  }

  void create(const std::vector<const Table*>& tables) {
    DependencyOrder order = dependency_order(tables);
    for (const auto& table : order.tables) phases_[create_tables].push_back(table_added(table));
    for (const auto& [table, key] : order.deferred) {
      phases_[add_foreign_keys].push_back(foreign_key_added(*table, key, false));
    }
  }

  // Dropped in the reverse of the order they would be created in; undone by creating them.
  void drop(const std::vector<const Table*>& tables) {
    DependencyOrder order = dependency_order(tables);
    for (auto it = order.tables.rbegin(); it != order.tables.rend(); ++it) {
      phases_[drop_tables].push_back(removal(table_added(*it)));
    }
    for (const auto& [table, key] : order.deferred) {
      phases_[drop_foreign_keys].push_back(removal(foreign_key_added(*table, key, false)));
    }
  }

  SchemaModel declared_;
  SchemaModel live_;
  const DiffOptions& options_;
  std::array<std::vector<Change>, phase_count> phases_;
};

}  // namespace

std::vector<Change> diff(const SchemaModel& declared, const SchemaModel& live,
                         const DiffOptions& options) {
  return Differ(declared, live, options).run();
}

}  // namespace tessera::db::migrations
