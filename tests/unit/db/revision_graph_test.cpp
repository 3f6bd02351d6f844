#include "db/migrations/revision_graph.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migration_test_support.hpp"

namespace tessera::db::migrations {
namespace {

using test::chain_of;
using test::file;
using test::id;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

RevisionGraphError graph_error(std::vector<MigrationFile> files) {
  try {
    RevisionGraph graph(std::move(files));
    graph.chain();
  } catch (const RevisionGraphError& e) {
    return e;
  }
  ADD_FAILURE() << "no RevisionGraphError";
  return RevisionGraphError("", {});
}

std::vector<std::string> chain_ids(const RevisionGraph& graph) {
  std::vector<std::string> ids;
  for (const MigrationFile* f : graph.chain()) ids.push_back(f->revision);
  return ids;
}

TEST(RevisionGraph, EmptyFolder) {
  const RevisionGraph graph({});
  EXPECT_TRUE(graph.empty());
  EXPECT_THAT(graph.chain(), IsEmpty());
  EXPECT_THAT(graph.heads(), IsEmpty());
  EXPECT_EQ(graph.head(), std::nullopt);
  EXPECT_EQ(graph.base(), std::nullopt);
  EXPECT_EQ(graph.position(std::nullopt), 0u);
}

TEST(RevisionGraph, OrdersTheChainFromBaseToHead) {
  const RevisionGraph graph(chain_of(3));
  EXPECT_THAT(chain_ids(graph), ElementsAre(id(1), id(2), id(3)));
  EXPECT_THAT(graph.heads(), ElementsAre(id(3)));
  EXPECT_THAT(graph.bases(), ElementsAre(id(1)));
  EXPECT_EQ(graph.head(), id(3));
  EXPECT_EQ(graph.base(), id(1));
  EXPECT_EQ(graph.position(id(1)), 1u);
  EXPECT_EQ(graph.position(id(3)), 3u);
  EXPECT_EQ(graph.find(id(2))->message, "step " + id(2));
  EXPECT_EQ(graph.find("ffffffffffff"), nullptr);
}

TEST(RevisionGraph, DuplicateIds) {
  auto files = chain_of(2);
  files.push_back(file(id(2), id(1)));
  files.back().filename = "copy.sql";
  const auto e = graph_error(files);
  EXPECT_THAT(e.what(), HasSubstr("revision " + id(2) + " is defined twice: in " + id(2) +
                                  ".sql and in copy.sql"));
  EXPECT_THAT(e.revisions(), ElementsAre(id(2)));
}

TEST(RevisionGraph, MissingParent) {
  auto files = chain_of(2);
  files.push_back(file(id(3), "bbbbbbbbbbbb"));
  const auto e = graph_error(files);
  EXPECT_THAT(e.what(), HasSubstr("revision " + id(3) + " (" + id(3) +
                                  ".sql) follows bbbbbbbbbbbb, which does not exist"));
  EXPECT_THAT(e.revisions(), ElementsAre(id(3), "bbbbbbbbbbbb"));
}

TEST(RevisionGraph, Cycle) {
  auto files = chain_of(1);
  files.push_back(file(id(2), id(4)));
  files.push_back(file(id(3), id(2)));
  files.push_back(file(id(4), id(3)));
  const auto e = graph_error(files);
  EXPECT_THAT(e.what(), HasSubstr("revisions form a cycle (each follows the next): " + id(2) +
                                  " -> " + id(4) + " -> " + id(3) + " -> " + id(2)));
  EXPECT_THAT(e.revisions(), ElementsAre(id(2), id(4), id(3)));
}

TEST(RevisionGraph, TwoBases) {
  auto files = chain_of(2);
  files.push_back(file(id(9), std::nullopt));
  const RevisionGraph graph(files);  // readable: `db heads` can list both heads
  EXPECT_THAT(graph.heads(), ElementsAre(id(2), id(9)));
  EXPECT_THAT(graph.bases(), ElementsAre(id(1), id(9)));
  const auto e = graph_error(files);
  EXPECT_THAT(e.what(),
              HasSubstr("several base revisions (down_revision: none): " + id(1) + ", " + id(9)));
  EXPECT_THAT(e.revisions(), ElementsAre(id(1), id(9)));
  EXPECT_THROW(graph.head(), RevisionGraphError);
}

TEST(RevisionGraph, TwoHeads) {
  auto files = chain_of(3);
  files.push_back(file(id(4), id(2)));
  const RevisionGraph graph(files);
  EXPECT_THAT(graph.heads(), ElementsAre(id(3), id(4)));
  const auto e = graph_error(files);
  EXPECT_THAT(e.what(), HasSubstr("several heads: " + id(3) + ", " + id(4) + " (" + id(3) +
                                  " and " + id(4) + " follow " + id(2)));
  EXPECT_THAT(e.revisions(), ElementsAre(id(3), id(4)));
  EXPECT_THROW(graph.position(id(1)), RevisionGraphError);
}

TEST(RevisionGraph, ResolvesIdsAndPrefixes) {
  auto files = chain_of(2);
  files.push_back(file("abcdef012345", id(2)));
  const RevisionGraph graph(files);
  EXPECT_EQ(graph.resolve(id(1)).revision, id(1));
  EXPECT_EQ(graph.resolve("abcd").revision, "abcdef012345");
  EXPECT_EQ(graph.resolve("abcdef0").revision, "abcdef012345");
  const auto message = [&](std::string_view target) {
    return test::error_message<TargetError>([&] { graph.resolve(target); });
  };
  EXPECT_THAT(message("aaaa"),
              HasSubstr("revision prefix aaaa is ambiguous: " + id(1) + ", " + id(2)));
  EXPECT_THAT(message("abc"), HasSubstr("unknown revision \"abc\""));
  EXPECT_THAT(message("ABCD"), HasSubstr("unknown revision \"ABCD\""));
  EXPECT_THAT(message("nope"), HasSubstr("unknown revision"));
  EXPECT_THAT(message("dddd"), HasSubstr("no revision starts with dddd"));
}

TEST(RevisionGraph, PositionOfAnUnknownRevision) {
  const RevisionGraph graph(chain_of(2));
  EXPECT_THAT(test::error_message<TargetError>([&] { graph.position("cccccccccccc"); }),
              HasSubstr("revision cccccccccccc is not in the migrations folder"));
}

}  // namespace
}  // namespace tessera::db::migrations
