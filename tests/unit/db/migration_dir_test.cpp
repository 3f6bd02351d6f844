#include "db/migrations/migration_dir.hpp"

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migration_test_support.hpp"

namespace tessera::db::migrations {
namespace {

namespace fs = std::filesystem;
using test::id;
using ::testing::HasSubstr;

class MigrationDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("tessera-migrations-" + new_revision_id());
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write(const fs::path& path, std::string_view text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  fs::path root_;
};

TEST_F(MigrationDirTest, InitWritesTheReadme) {
  const fs::path dir = root_ / "app" / "migrations";
  init_migration_dir(dir);
  EXPECT_EQ(read(dir / "README.md"), migrations_readme());
  EXPECT_THAT(std::string(migrations_readme()), HasSubstr("-- Tessera migration"));
  EXPECT_THAT(std::string(migrations_readme()), HasSubstr("# Migrations"));
  EXPECT_TRUE(read_migration_dir(dir).empty());
}

TEST_F(MigrationDirTest, InitAcceptsAnEmptyFolderAndRefusesAnythingElse) {
  init_migration_dir(root_);
  EXPECT_TRUE(fs::exists(root_ / "README.md"));
  EXPECT_THAT(test::error_message<MigrationError>([&] { init_migration_dir(root_); }),
              HasSubstr("exists and is not empty; nothing was written"));
  write(root_ / "file", "x");
  EXPECT_THROW(init_migration_dir(root_ / "file"), MigrationError);
}

TEST_F(MigrationDirTest, WritesReadsAndNeverOverwrites) {
  const MigrationFile first = new_migration("create users", std::nullopt,
                                            "CREATE TABLE users (id uuid);", "DROP TABLE users;");
  const fs::path path = write_migration(root_, first);
  EXPECT_EQ(path, root_ / (first.revision + "_create_users.sql"));
  EXPECT_THROW(write_migration(root_, first), MigrationError);

  const MigrationFile second = new_migration("add email", first.revision, "", "");
  write_migration(root_, second);
  write(root_ / "README.md", "# not SQL");
  write(root_ / "notes.txt", "not SQL");

  const auto files = read_migration_dir(root_);
  ASSERT_EQ(files.size(), 2u);
  const RevisionGraph graph = load_revision_graph(root_);
  EXPECT_EQ(graph.head(), second.revision);
  const MigrationFile* read_back = graph.find(first.revision);
  ASSERT_NE(read_back, nullptr);
  EXPECT_EQ(read_back->filename, path.string());
  MigrationFile expected = first;
  expected.filename = path.string();
  EXPECT_EQ(*read_back, expected);
}

TEST_F(MigrationDirTest, ReadsFilesInNameOrder) {
  for (int n : {3, 1, 2}) {
    write(root_ / (id(n) + ".sql"),
          render_migration(test::file(id(n), n == 1 ? std::nullopt : std::optional(id(n - 1)))));
  }
  const auto files = read_migration_dir(root_);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].revision, id(1));
  EXPECT_EQ(files[2].revision, id(3));
}

TEST_F(MigrationDirTest, ErrorsNameTheFile) {
  write(root_ / "broken.sql", "-- Tessera migration\n-- revision: nope\n");
  EXPECT_EQ(test::error_message<MigrationFileError>([&] { read_migration_dir(root_); }),
            (root_ / "broken.sql").string() +
                ":2: bad revision id \"nope\" (expected 12 lower-case hexadecimal digits)");
  EXPECT_THAT(test::error_message<MigrationError>([&] { read_migration_dir(root_ / "missing"); }),
              HasSubstr("no such migrations folder (tessera db init creates one)"));
}

}  // namespace
}  // namespace tessera::db::migrations
