#include "mappers/sql.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <fmt/args.h>
#include <fmt/format.h>

#include "db/migrations/ddl.hpp"
#include "mappers/row_mapping.hpp"
#include "mappers/tables.hpp"

namespace tessera::mappers {

std::string expand_sql(std::string_view text) {
  fmt::dynamic_format_arg_store<fmt::format_context> names;
  for (const auto& table : declared_schema().tables) {
    names.push_back(fmt::arg(table.name.c_str(), db::migrations::quote_identifier(table.name)));
    names.push_back(fmt::arg((table.name + "_columns").c_str(),
                             db::migrations::quote_list(table.column_names())));
  }
  try {
    return fmt::vformat(text, names);
  } catch (const fmt::format_error& e) {
    throw std::logic_error("SQL text \"" + std::string(text) + "\": " + e.what());
  }
}

db::Query intern_statement(std::string name, std::string text) {
  struct Interned {
    std::string name, text;
  };
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Interned>, std::less<>> statements;
  std::lock_guard lock(mutex);
  auto& slot = statements[name];
  if (!slot) {
    slot = std::make_unique<Interned>(Interned{std::move(name), std::move(text)});
  } else if (slot->text != text) {
    throw std::logic_error("two statements named " + slot->name);
  }
  return db::Query{slot->name, slot->text};
}

namespace detail {

std::string quoted(std::string_view identifier) {
  return db::migrations::quote_identifier(identifier);
}

}  // namespace detail

}  // namespace tessera::mappers
