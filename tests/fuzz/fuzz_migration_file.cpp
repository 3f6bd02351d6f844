// Feeds arbitrary bytes to the migration file parser: it must either parse them or throw
// MigrationFileError naming a line of the input, and a parsed file must survive a
// render/parse round trip unchanged, its rendering then being stable text.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "db/migrations/migration_file.hpp"

#include "json_compare.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tessera::db::migrations;
  using fuzz::round_trip_failed;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  MigrationFile file;
  try {
    file = parse_migration(text, "fuzz.sql");
  } catch (const MigrationFileError& e) {
    if (e.line() == 0 || e.line() > lines || e.file() != "fuzz.sql") __builtin_trap();
    return 0;
  }
  if (!is_revision_id(file.revision)) __builtin_trap();
  if (file.down_revision && !is_revision_id(*file.down_revision)) __builtin_trap();
  // Rendering a parsed file cannot fail, reading it back gives the same fields (all of them,
  // SQL included), and rendering those gives the same text.
  std::string rendered;
  MigrationFile again;
  try {
    rendered = render_migration(file);
    again = parse_migration(rendered, "fuzz.sql");
  } catch (const MigrationError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    round_trip_failed("a parsed file does not render and parse again");
  }
  if (again != file) round_trip_failed("fields");
  if (render_migration(again) != rendered) round_trip_failed("rendered text");
  return 0;
}
