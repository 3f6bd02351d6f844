#include "db/migrations/plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migration_test_support.hpp"

namespace tessera::db::migrations {
namespace {

using test::chain_of;
using test::id;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const RevisionGraph& graph() {
  static const RevisionGraph graph(chain_of(4));
  return graph;
}

std::vector<std::string> step_ids(const Plan& plan) {
  std::vector<std::string> ids;
  for (const auto& step : plan.steps) ids.push_back(step.revision);
  return ids;
}

std::string upgrade_error(const std::optional<std::string>& current, std::string_view target) {
  return test::error_message<TargetError>([&] { plan_upgrade(graph(), current, target); });
}

std::string downgrade_error(const std::optional<std::string>& current, std::string_view target) {
  return test::error_message<TargetError>([&] { plan_downgrade(graph(), current, target); });
}

TEST(Plan, UpgradeToHeadFromBase) {
  const Plan plan = plan_upgrade(graph(), std::nullopt, "head");
  EXPECT_EQ(plan.direction, Direction::upgrade);
  EXPECT_EQ(plan.current, std::nullopt);
  EXPECT_EQ(plan.target, id(4));
  EXPECT_THAT(step_ids(plan), ElementsAre(id(1), id(2), id(3), id(4)));
  EXPECT_EQ(plan.steps[0], (Step{id(1), Direction::upgrade, "-- up " + id(1), "step " + id(1),
                                 std::nullopt, id(1)}));
  EXPECT_EQ(plan.steps[1].version_before, id(1));
  EXPECT_EQ(plan.steps[1].version_after, id(2));
}

TEST(Plan, UpgradeRelativeAndToARevision) {
  EXPECT_THAT(step_ids(plan_upgrade(graph(), id(1), "+2")), ElementsAre(id(2), id(3)));
  EXPECT_THAT(step_ids(plan_upgrade(graph(), std::nullopt, "+1")), ElementsAre(id(1)));
  EXPECT_THAT(step_ids(plan_upgrade(graph(), id(1), id(3))), ElementsAre(id(2), id(3)));
  EXPECT_THAT(step_ids(plan_upgrade(graph(), id(1), "aaaa00000003")), ElementsAre(id(2), id(3)));
  const Plan plan = plan_upgrade(graph(), id(2), "head");
  EXPECT_EQ(plan.current, id(2));
  EXPECT_EQ(plan.target, id(4));
}

TEST(Plan, NothingToDoIsAnEmptyPlan) {
  const Plan at_head = plan_upgrade(graph(), id(4), "head");
  EXPECT_TRUE(at_head.empty());
  EXPECT_EQ(at_head.target, id(4));
  EXPECT_TRUE(plan_upgrade(graph(), id(2), id(2)).empty());
  EXPECT_TRUE(plan_downgrade(graph(), std::nullopt, "base").empty());
  EXPECT_TRUE(plan_downgrade(graph(), id(3), id(3)).empty());
  EXPECT_TRUE(plan_upgrade(RevisionGraph({}), std::nullopt, "head").empty());
}

TEST(Plan, DowngradeForms) {
  const Plan one = plan_downgrade(graph(), id(4), "-1");
  EXPECT_EQ(one.direction, Direction::downgrade);
  EXPECT_EQ(one.target, id(3));
  ASSERT_EQ(one.steps.size(), 1u);
  EXPECT_EQ(one.steps[0],
            (Step{id(4), Direction::downgrade, "-- down " + id(4), "step " + id(4), id(4), id(3)}));
  EXPECT_THAT(step_ids(plan_downgrade(graph(), id(4), "-3")), ElementsAre(id(4), id(3), id(2)));
  const Plan to_base = plan_downgrade(graph(), id(2), "base");
  EXPECT_THAT(step_ids(to_base), ElementsAre(id(2), id(1)));
  EXPECT_EQ(to_base.target, std::nullopt);
  EXPECT_EQ(to_base.steps.back().version_after, std::nullopt);
  EXPECT_THAT(step_ids(plan_downgrade(graph(), id(4), id(2))), ElementsAre(id(4), id(3)));
  EXPECT_THAT(step_ids(plan_downgrade(graph(), id(4), "aaaa00000001")),
              ElementsAre(id(4), id(3), id(2)));
}

TEST(Plan, ImpossibleUpgrades) {
  EXPECT_THAT(upgrade_error(id(3), "+2"),
              HasSubstr("cannot upgrade +2: " + id(3) + " is 1 revision behind the head"));
  EXPECT_THAT(upgrade_error(std::nullopt, "+5"), HasSubstr("base is 4 revisions behind the head"));
  EXPECT_THAT(
      upgrade_error(id(3), id(1)),
      HasSubstr("cannot upgrade to " + id(1) + ": it is behind the current revision " + id(3)));
  EXPECT_THAT(upgrade_error(id(1), "ffffffffffff"),
              HasSubstr("no revision starts with ffffffffffff"));
  EXPECT_THAT(upgrade_error(id(1), "bogus"), HasSubstr("unknown revision \"bogus\""));
  EXPECT_THAT(upgrade_error(id(1), "aaaa"), HasSubstr("ambiguous"));
  for (const char* target : {"+0", "+x", "+", "-1", "base", "+1x", "+99999999999999999999999"}) {
    EXPECT_THAT(upgrade_error(id(1), target), HasSubstr("bad upgrade target")) << target;
  }
  EXPECT_THAT(upgrade_error("cccccccccccc", "head"),
              HasSubstr("revision cccccccccccc is not in the migrations folder"));
}

TEST(Plan, ImpossibleDowngrades) {
  EXPECT_THAT(downgrade_error(id(2), "-3"),
              HasSubstr("cannot downgrade -3: " + id(2) + " is 2 revisions above the base"));
  EXPECT_THAT(downgrade_error(std::nullopt, "-1"), HasSubstr("base is 0 revisions above the base"));
  EXPECT_THAT(
      downgrade_error(id(2), id(3)),
      HasSubstr("cannot downgrade to " + id(3) + ": it is ahead of the current revision " + id(2)));
  EXPECT_THAT(downgrade_error(std::nullopt, id(1)),
              HasSubstr("ahead of the current revision base"));
  for (const char* target : {"-0", "-x", "+1", "head", "-"}) {
    EXPECT_THAT(downgrade_error(id(2), target), HasSubstr("bad downgrade target")) << target;
  }
  EXPECT_THAT(downgrade_error(id(2), "zzzz"), HasSubstr("unknown revision"));
}

TEST(Plan, BranchedFoldersCannotBePlanned) {
  auto files = chain_of(2);
  files.push_back(test::file(id(3), id(1)));
  const RevisionGraph branched(files);
  EXPECT_THROW(plan_upgrade(branched, std::nullopt, "head"), RevisionGraphError);
  EXPECT_THROW(plan_downgrade(branched, id(2), "base"), RevisionGraphError);
}

TEST(Plan, DirectionNames) {
  EXPECT_EQ(to_string(Direction::upgrade), "upgrade");
  EXPECT_EQ(to_string(Direction::downgrade), "downgrade");
}

}  // namespace
}  // namespace tessera::db::migrations
