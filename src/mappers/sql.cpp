#include "mappers/sql.hpp"

#include <stdexcept>

#include <fmt/args.h>
#include <fmt/format.h>

#include "db/migrations/ddl.hpp"
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

}  // namespace tessera::mappers
