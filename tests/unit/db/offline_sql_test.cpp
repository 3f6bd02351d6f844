#include "db/migrations/offline_sql.hpp"

#include <gtest/gtest.h>

#include "migration_test_support.hpp"

namespace tessera::db::migrations {
namespace {

using test::id;

TEST(OfflineSql, VersionTable) {
  EXPECT_EQ(version_table_ddl(),
            "CREATE TABLE IF NOT EXISTS tessera_version (version_num varchar(32) NOT NULL PRIMARY "
            "KEY);\n");
  EXPECT_EQ(version_table_ddl("Versions"),
            "CREATE TABLE IF NOT EXISTS \"Versions\" (version_num varchar(32) NOT NULL PRIMARY "
            "KEY);\n");
}

TEST(OfflineSql, VersionUpdates) {
  Step step{.revision = id(1), .direction = Direction::upgrade};
  step.version_after = id(1);
  EXPECT_EQ(version_update_sql(step),
            "INSERT INTO tessera_version (version_num) VALUES ('" + id(1) + "');\n");
  step.version_before = id(1);
  step.version_after = id(2);
  EXPECT_EQ(version_update_sql(step, "v"),
            "UPDATE v SET version_num = '" + id(2) + "' WHERE version_num = '" + id(1) + "';\n");
  step.version_after = std::nullopt;
  EXPECT_EQ(version_update_sql(step),
            "DELETE FROM tessera_version WHERE version_num = '" + id(1) + "';\n");
}

TEST(OfflineSql, UpgradeFromBase) {
  RevisionGraph graph(test::chain_of(2));
  const Plan plan = plan_upgrade(graph, std::nullopt, "head");
  EXPECT_EQ(render_offline_sql(plan),
            "-- Tessera offline migration: upgrade base -> " + id(2) + "\n\n" +
                "CREATE TABLE IF NOT EXISTS tessera_version (version_num varchar(32) NOT NULL "
                "PRIMARY KEY);\n"
                "\n-- Running upgrade base -> " +
                id(1) + ": step " + id(1) + "\n\nBEGIN;\n\n" + "-- up " + id(1) + "\n\n" +
                "INSERT INTO tessera_version (version_num) VALUES ('" + id(1) + "');\n" +
                "\nCOMMIT;\n" + "\n-- Running upgrade " + id(1) + " -> " + id(2) + ": step " +
                id(2) + "\n\nBEGIN;\n\n" + "-- up " + id(2) + "\n\n" +
                "UPDATE tessera_version SET version_num = '" + id(2) + "' WHERE version_num = '" +
                id(1) + "';\n" + "\nCOMMIT;\n");
}

TEST(OfflineSql, DowngradeToBase) {
  RevisionGraph graph(test::chain_of(1));
  const std::string sql = render_offline_sql(plan_downgrade(graph, id(1), "base"));
  EXPECT_NE(sql.find("-- Tessera offline migration: downgrade " + id(1) + " -> base\n"),
            std::string::npos);
  EXPECT_NE(sql.find("-- Running downgrade " + id(1) + " -> base: step " + id(1) +
                     "\n\nBEGIN;\n\n-- down " + id(1) + "\n\nDELETE FROM tessera_version " +
                     "WHERE version_num = '" + id(1) + "';\n\nCOMMIT;\n"),
            std::string::npos)
      << sql;
}

TEST(OfflineSql, EmptyPlanAndEmptySteps) {
  RevisionGraph graph(test::chain_of(1));
  const std::string nothing = render_offline_sql(plan_upgrade(graph, id(1), "head"));
  EXPECT_NE(nothing.find("-- Nothing to do: the database is at " + id(1) + ".\n"),
            std::string::npos);
  EXPECT_EQ(nothing.find("BEGIN"), std::string::npos);

  Plan plan{.direction = Direction::upgrade, .current = std::nullopt, .target = id(1)};
  plan.steps.push_back({id(1), Direction::upgrade, "", "empty", std::nullopt, id(1)});
  EXPECT_NE(render_offline_sql(plan).find("BEGIN;\n\nINSERT INTO"), std::string::npos);
  plan.steps[0].sql = "SELECT 1;\n";
  EXPECT_NE(render_offline_sql(plan).find("BEGIN;\n\nSELECT 1;\n\nINSERT INTO"), std::string::npos);
}

}  // namespace
}  // namespace tessera::db::migrations
