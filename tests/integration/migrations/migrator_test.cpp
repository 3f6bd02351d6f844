#include "db/migrator.hpp"

#include <filesystem>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "db/db_test_support.hpp"
#include "db/errors.hpp"
#include "db/migrations/migration_dir.hpp"
#include "mappers/tables.hpp"

namespace tessera::db {
namespace {

namespace fs = std::filesystem;
using testing::run;

// A database and a copy of the repository's migrations of its own for each test.
class MigratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin = run(io, Connection::connect(io.get_executor(), testing::connect_options()));
    database = testing::unique_table("mig");
    run(io, admin->execute_script("CREATE DATABASE " + database));
    auto options = testing::connect_options();
    options.dbname = database;
    connection = run(io, Connection::connect(io.get_executor(), options));
    dir = fs::temp_directory_path() / database;
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(TESSERA_MIGRATIONS_DIR))
      if (entry.path().extension() == ".sql")
        fs::copy_file(entry.path(), dir / entry.path().filename());
    migrator = std::make_unique<Migrator>(
        *connection, dir, [this](const std::string& line) { report.push_back(line); });
  }
  void TearDown() override {
    migrator.reset();
    connection.reset();
    run(io, admin->execute_script("DROP DATABASE " + database + " WITH (FORCE)"));
    fs::remove_all(dir);
  }

  boost::asio::io_context io;
  std::unique_ptr<Connection> admin, connection;
  std::string database;
  fs::path dir;
  std::unique_ptr<Migrator> migrator;
  std::vector<std::string> report;
};

TEST_F(MigratorTest, AutogenerateRightAfterUpgradeFindsNothing) {
  run(io, migrator->upgrade("head"));
  EXPECT_TRUE(run(io, migrator->compare(mappers::declared_schema())).empty());
}

TEST_F(MigratorTest, AColumnAddedToTheDeclarationsBecomesAMigrationThatClosesTheGap) {
  run(io, migrator->upgrade("head"));
  SchemaModel declared = mappers::declared_schema();
  auto users = std::find_if(declared.tables.begin(), declared.tables.end(),
                            [](auto& t) { return t.name == "users"; });
  users->columns.push_back(Column{"nickname", "varchar(40)", true, std::nullopt});

  const auto changes = run(io, migrator->compare(declared));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].description, "add column users.nickname");

  const auto graph = migrations::load_revision_graph(dir);
  migrations::write_migration(
      dir, migrations::new_migration("add nickname", graph.head(), migrations::upgrade_sql(changes),
                                     migrations::downgrade_sql(changes)));
  const auto plan = run(io, migrator->upgrade("head"));
  EXPECT_EQ(plan.steps.size(), 1u);
  EXPECT_TRUE(run(io, migrator->compare(declared)).empty());
  // and the downgrade takes it away again
  run(io, migrator->downgrade("-1"));
  EXPECT_EQ(run(io, migrator->compare(declared)).size(), 1u);
}

TEST_F(MigratorTest, AFailingStepLeavesNothingAndNamesTheRevision) {
  run(io, migrator->upgrade("head"));
  const auto graph = migrations::load_revision_graph(dir);
  const auto bad = migrations::new_migration(
      "broken", graph.head(), "CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n",
      "DROP TABLE half_done;\n");
  migrations::write_migration(dir, bad);
  try {
    run(io, migrator->upgrade("head"));
    FAIL() << "no error";
  } catch (const DbError& e) {
    EXPECT_NE(std::string(e.what()).find(bad.revision), std::string::npos) << e.what();
  }
  EXPECT_EQ(run(io, migrator->current()), graph.head());
  const auto exists =
      run(io, connection->execute_script("SELECT to_regclass('half_done') IS NULL"));
  EXPECT_TRUE(exists.scalar<bool>());
}

}  // namespace
}  // namespace tessera::db
