#include "db/migrations/migration_dir.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

#include "core/embedded_asset.hpp"

namespace tessera {
extern const EmbeddedAsset migrations_readme_asset[];
}  // namespace tessera

namespace tessera::db::migrations {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& path, std::string_view problem) {
  throw MigrationError(path.string() + ": " + std::string(problem));
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) fail(path, "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();  // an empty file sets failbit on `text` only: not an error here
  if (in.bad()) fail(path, "cannot read the file");
  return std::move(text).str();
}

// "x" mode: fails rather than replace a file someone else created meanwhile.
void write_new_file(const fs::path& path, std::string_view text) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(path.c_str(), "wx"),
                                                            &std::fclose);
  if (!out) fail(path, std::strerror(errno));
  if (std::fwrite(text.data(), 1, text.size(), out.get()) != text.size() ||
      std::fflush(out.get()) != 0) {
    fail(path, "cannot write the file");
  }
}

}  // namespace

std::vector<MigrationFile> read_migration_dir(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    fail(dir, "no such migrations folder (tessera db init creates one)");
  }
  std::vector<fs::path> paths;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".sql" && it->is_regular_file(error)) paths.push_back(it->path());
  }
  if (error) fail(dir, error.message());
  std::sort(paths.begin(), paths.end());
  std::vector<MigrationFile> files;
  files.reserve(paths.size());
  for (const auto& path : paths) files.push_back(parse_migration(read_file(path), path.string()));
  return files;
}

RevisionGraph load_revision_graph(const fs::path& dir) {
  return RevisionGraph(read_migration_dir(dir));
}

fs::path write_migration(const fs::path& dir, const MigrationFile& file) {
  fs::path path = dir / migration_filename(file);
  write_new_file(path, render_migration(file));
  return path;
}

void init_migration_dir(const fs::path& dir) {
  std::error_code error;
  if (fs::exists(dir, error)) {
    if (!fs::is_directory(dir, error)) fail(dir, "exists and is not a folder");
    if (!fs::is_empty(dir, error)) fail(dir, "exists and is not empty; nothing was written");
  }
  fs::create_directories(dir, error);
  if (error) fail(dir, error.message());
  write_new_file(dir / "README.md", migrations_readme());
}

std::string_view migrations_readme() {
  return migrations_readme_asset[0].data;
}

}  // namespace tessera::db::migrations
