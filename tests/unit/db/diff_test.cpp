#include "db/migrations/diff.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tessera::db::migrations {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Table users() {
  return table("users")
      .column("id", "uuid", primary_key(), default_sql("gen_random_uuid()"))
      .column("email", "text")
      .column("status", "text", default_sql("'active'"))
      .column("created_at", "timestamptz", default_sql("now()"))
      .index("ix_users_email_lower", {"lower(email)"}, unique())
      .build();
}

Table images() {
  return table("images")
      .column("id", "uuid", primary_key())
      .column("owner_id", "uuid", references("users", "id", "CASCADE"), indexed())
      .build();
}

Table variants() {
  return table("image_variants")
      .column("id", "uuid", primary_key())
      .column("image_id", "uuid", references("images", "id", "CASCADE"))
      .build();
}

std::vector<std::string> descriptions(const std::vector<Change>& changes) {
  std::vector<std::string> out;
  for (const auto& change : changes) out.push_back(change.description);
  return out;
}

void expect_sql(const Change& change, std::string_view upgrade, std::string_view downgrade) {
  EXPECT_EQ(change.upgrade_sql, upgrade) << change.description;
  EXPECT_EQ(change.downgrade_sql, downgrade) << change.description;
}

// The single change between two versions of a table, checked for kind and object.
Change only_change(const Table& declared, const Table& live, ChangeKind kind) {
  const auto changes = diff({{declared}}, {{live}});
  EXPECT_EQ(changes.size(), 1u) << testing::PrintToString(descriptions(changes));
  if (changes.empty()) return {};
  EXPECT_EQ(changes[0].kind, kind) << to_string(changes[0].kind);
  EXPECT_EQ(changes[0].table, declared.name);
  return changes[0];
}

TEST(Diff, NothingWhenTheCatalogSpellsTheSameSchemaItsWay) {
  Table live = users();
  live.columns[1].type = "text";
  live.columns[2].default_sql = "'active'::text";
  live.columns[3] = {"created_at", "timestamp with time zone", false, "now()"};
  live.indexes[0].expressions = {"LOWER(email)"};
  EXPECT_THAT(diff({{users(), images()}}, {{live, images()}}), IsEmpty());
}

TEST(Diff, AddedTable) {
  const auto changes = diff({{users()}}, {});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, ChangeKind::add_table);
  EXPECT_EQ(changes[0].description, "add table users");
  expect_sql(changes[0],
             "CREATE TABLE users (\n"
             "    id uuid NOT NULL DEFAULT gen_random_uuid(),\n"
             "    email text NOT NULL,\n"
             "    status text NOT NULL DEFAULT 'active',\n"
             "    created_at timestamptz NOT NULL DEFAULT now(),\n"
             "    CONSTRAINT users_pkey PRIMARY KEY (id)\n"
             ");\n"
             "CREATE UNIQUE INDEX ix_users_email_lower ON users (lower(email));\n",
             "DROP TABLE users;\n");
}

TEST(Diff, RemovedTableIsRecreatedFromTheLiveModelOnDowngrade) {
  Table legacy = table("legacy").column("id", "integer", primary_key()).build();
  legacy.columns[0].default_sql = "nextval('legacy_id_seq'::regclass)";
  const auto changes = diff({}, {{legacy}});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, ChangeKind::drop_table);
  EXPECT_EQ(changes[0].description, "drop table legacy");
  expect_sql(changes[0], "DROP TABLE legacy;\n",
             "CREATE TABLE legacy (\n"
             "    id integer NOT NULL DEFAULT nextval('legacy_id_seq'::regclass),\n"
             "    CONSTRAINT legacy_pkey PRIMARY KEY (id)\n"
             ");\n");
}

TEST(Diff, IgnoredTablesAreNeverDropped) {
  const Table version =
      table("tessera_version").column("version_num", "varchar(32)", primary_key()).build();
  EXPECT_THAT(diff({{users()}}, {{users(), version}}), IsEmpty());
  const Table other = table("other_version").column("v", "text").build();
  EXPECT_THAT(diff({}, {{other}}, {.ignored_tables = {"other_version"}}), IsEmpty());
  EXPECT_THAT(descriptions(diff({}, {{version}}, {.ignored_tables = {}})),
              ElementsAre("drop table tessera_version"));
}

TEST(Diff, AddedAndRemovedColumns) {
  const Table declared =
      table("users").column("id", "uuid").column("nickname", "varchar(50)", nullable()).build();
  const Table live = table("users")
                         .column("id", "uuid")
                         .column("age", "integer", default_sql("'0'::integer"))
                         .build();
  const auto changes = diff({{declared}}, {{live}});
  EXPECT_THAT(descriptions(changes),
              ElementsAre("drop column users.age", "add column users.nickname"));
  expect_sql(changes[0], "ALTER TABLE users DROP COLUMN age;\n",
             "ALTER TABLE users ADD COLUMN age integer NOT NULL DEFAULT 0;\n");
  expect_sql(changes[1], "ALTER TABLE users ADD COLUMN nickname varchar(50);\n",
             "ALTER TABLE users DROP COLUMN nickname;\n");
}

TEST(Diff, TypeChange) {
  const Change change =
      only_change(table("users").column("email", "varchar(255)").build(),
                  table("users").column("email", "text").build(), ChangeKind::alter_column_type);
  EXPECT_EQ(change.object, "email");
  EXPECT_EQ(change.description, "alter column users.email type: text -> varchar(255)");
  expect_sql(change, "ALTER TABLE users ALTER COLUMN email TYPE varchar(255);\n",
             "ALTER TABLE users ALTER COLUMN email TYPE text;\n");
}

TEST(Diff, NullabilityChange) {
  const Change change =
      only_change(table("users").column("bio", "text", nullable()).build(),
                  table("users").column("bio", "text").build(), ChangeKind::alter_column_nullable);
  EXPECT_EQ(change.description, "alter column users.bio: NOT NULL -> nullable");
  expect_sql(change, "ALTER TABLE users ALTER COLUMN bio DROP NOT NULL;\n",
             "ALTER TABLE users ALTER COLUMN bio SET NOT NULL;\n");
}

TEST(Diff, DefaultChanges) {
  const Table none = table("users").column("status", "text").build();
  const Table active = table("users").column("status", "text", default_sql("'active'")).build();
  const Change added = only_change(active, none, ChangeKind::alter_column_default);
  EXPECT_EQ(added.description, "alter column users.status default: none -> 'active'");
  expect_sql(added, "ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active';\n",
             "ALTER TABLE users ALTER COLUMN status DROP DEFAULT;\n");
  const Change removed = only_change(none, active, ChangeKind::alter_column_default);
  expect_sql(removed, "ALTER TABLE users ALTER COLUMN status DROP DEFAULT;\n",
             "ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active';\n");
}

TEST(Diff, OneChangePerAlteredProperty) {
  const auto changes =
      diff({{table("t").column("c", "bigint", nullable(), default_sql("1")).build()}},
           {{table("t").column("c", "integer").build()}});
  EXPECT_THAT(descriptions(changes), ElementsAre("alter column t.c type: integer -> bigint",
                                                 "alter column t.c: NOT NULL -> nullable",
                                                 "alter column t.c default: none -> 1"));
}

TEST(Diff, Indexes) {
  const Table bare = table("users").column("email", "text").build();
  const Table indexed = table("users")
                            .column("email", "text")
                            .index("ix_users_email_lower", {"lower(email)"}, unique())
                            .build();
  const Change added = only_change(indexed, bare, ChangeKind::add_index);
  EXPECT_EQ(added.description, "add unique index ix_users_email_lower on users");
  expect_sql(added, "CREATE UNIQUE INDEX ix_users_email_lower ON users (lower(email));\n",
             "DROP INDEX ix_users_email_lower;\n");
  const Change dropped = only_change(bare, indexed, ChangeKind::drop_index);
  EXPECT_EQ(dropped.description, "drop unique index ix_users_email_lower on users");
  expect_sql(dropped, added.downgrade_sql, added.upgrade_sql);
}

TEST(Diff, ChangedIndexIsDroppedThenMadeAgain) {
  const Table plain = table("users").column("email", "text").index("ix_email", {"email"}).build();
  const Table unique_one =
      table("users").column("email", "text").index("ix_email", {"email"}, unique()).build();
  const auto changes = diff({{unique_one}}, {{plain}});
  EXPECT_THAT(descriptions(changes), ElementsAre("drop index ix_email on users (changed)",
                                                 "add unique index ix_email on users (changed)"));
  EXPECT_EQ(changes[0].downgrade_sql, "CREATE INDEX ix_email ON users (email);\n");
  EXPECT_EQ(changes[1].upgrade_sql, "CREATE UNIQUE INDEX ix_email ON users (email);\n");
}

TEST(Diff, UniqueConstraints) {
  const Table bare = table("users").column("email", "text").build();
  const Table unique_email = table("users").column("email", "text", unique()).build();
  const Change added = only_change(unique_email, bare, ChangeKind::add_unique);
  EXPECT_EQ(added.description, "add unique constraint users_email_key on users");
  expect_sql(added, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\n",
             "ALTER TABLE users DROP CONSTRAINT users_email_key;\n");
  const Change dropped = only_change(bare, unique_email, ChangeKind::drop_unique);
  expect_sql(dropped, added.downgrade_sql, added.upgrade_sql);
  const Table two = table("users")
                        .column("email", "text")
                        .column("org", "text")
                        .unique("users_email_key", {"email", "org"})
                        .build();
  EXPECT_THAT(
      descriptions(
          diff({{two}},
               {{table("users").column("email", "text", unique()).column("org", "text").build()}})),
      ElementsAre("drop unique constraint users_email_key on users (changed)",
                  "add unique constraint users_email_key on users (changed)"));
}

TEST(Diff, ForeignKeys) {
  const Table bare = table("images").column("owner_id", "uuid").build();
  const Table keyed =
      table("images").column("owner_id", "uuid", references("users", "id", "CASCADE")).build();
  const Change added = only_change(keyed, bare, ChangeKind::add_foreign_key);
  EXPECT_EQ(added.description, "add foreign key images_owner_id_fkey on images");
  expect_sql(added,
             "ALTER TABLE images ADD CONSTRAINT images_owner_id_fkey FOREIGN KEY (owner_id) "
             "REFERENCES users (id) ON DELETE CASCADE;\n",
             "ALTER TABLE images DROP CONSTRAINT images_owner_id_fkey;\n");
  const Change dropped = only_change(bare, keyed, ChangeKind::drop_foreign_key);
  expect_sql(dropped, added.downgrade_sql, added.upgrade_sql);
  const Table set_null =
      table("images").column("owner_id", "uuid", references("users", "id", "SET NULL")).build();
  const auto changed = diff({{set_null}}, {{keyed}});
  EXPECT_THAT(descriptions(changed),
              ElementsAre("drop foreign key images_owner_id_fkey on images (changed)",
                          "add foreign key images_owner_id_fkey on images (changed)"));
  EXPECT_EQ(changed[0].downgrade_sql, added.upgrade_sql);
}

TEST(Diff, PrimaryKeyChange) {
  const Table one = table("tags").column("a", "text", primary_key()).column("b", "text").build();
  const Table two =
      table("tags").column("a", "text", primary_key()).column("b", "text", primary_key()).build();
  const auto changes = diff({{two}}, {{one}});
  EXPECT_THAT(descriptions(changes),
              ElementsAre("drop primary key tags_pkey (a)", "add primary key tags_pkey (a, b)"));
  expect_sql(changes[0], "ALTER TABLE tags DROP CONSTRAINT tags_pkey;\n",
             "ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY (a);\n");
  expect_sql(changes[1], "ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY (a, b);\n",
             "ALTER TABLE tags DROP CONSTRAINT tags_pkey;\n");
  EXPECT_THAT(descriptions(
                  diff({{table("tags").column("a", "text").column("b", "text").build()}}, {{one}})),
              ElementsAre("drop primary key tags_pkey (a)"));
}

TEST(Diff, TablesAreCreatedReferencedFirstAndDroppedReferencingFirst) {
  const auto created = diff({{variants(), images(), users()}}, {});
  EXPECT_THAT(descriptions(created),
              ElementsAre("add table users", "add table images", "add table image_variants"));
  const auto dropped = diff({}, {{variants(), images(), users()}});
  EXPECT_THAT(descriptions(dropped),
              ElementsAre("drop table image_variants", "drop table images", "drop table users"));
  // The downgrade runs in reverse: users is recreated first.
  EXPECT_EQ(downgrade_sql(dropped).substr(0, 19), "CREATE TABLE users ");
}

TEST(Diff, SelfReferenceNeedsNoOrdering) {
  const Table tree = table("nodes")
                         .column("id", "uuid", primary_key())
                         .column("parent_id", "uuid", nullable(), references("nodes"))
                         .build();
  const auto changes = diff({{tree}}, {});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_NE(changes[0].upgrade_sql.find("REFERENCES nodes (id)"), std::string::npos);
}

TEST(Diff, ForeignKeysClosingACycleAreAddedAfterTheTables) {
  const Table a = table("a")
                      .column("id", "uuid", primary_key())
                      .column("b_id", "uuid", references("b"))
                      .build();
  const Table b = table("b")
                      .column("id", "uuid", primary_key())
                      .column("a_id", "uuid", references("a"))
                      .build();
  const auto created = diff({{a, b}}, {});
  EXPECT_THAT(descriptions(created),
              ElementsAre("add table a", "add table b", "add foreign key a_b_id_fkey on a"));
  EXPECT_EQ(created[0].upgrade_sql.find("REFERENCES"), std::string::npos);
  const auto dropped = diff({}, {{a, b}});
  EXPECT_THAT(descriptions(dropped),
              ElementsAre("drop foreign key a_b_id_fkey on a", "drop table b", "drop table a"));
  EXPECT_EQ(dropped[2].downgrade_sql.find("REFERENCES"), std::string::npos);
}

// Every phase at once: the upgrade order lets each statement find what it needs, and the
// downgrade undoes it in reverse.
TEST(Diff, PhasesAreOrdered) {
  const Table old_users = table("users")
                              .column("id", "uuid", primary_key())
                              .column("legacy", "text", unique())
                              .column("age", "int")
                              .build();
  const Table old_notes = table("notes")
                              .column("id", "uuid", primary_key())
                              .column("user_id", "uuid", references("users"))
                              .build();
  const Table new_users = table("users")
                              .column("id", "uuid", primary_key())
                              .column("age", "bigint")
                              .column("nick", "text", unique())
                              .build();
  const Table new_images = table("images")
                               .column("id", "uuid", primary_key())
                               .column("owner_id", "uuid", references("users"))
                               .build();
  const auto changes = diff({{new_users, new_images}}, {{old_users, old_notes}});
  EXPECT_THAT(descriptions(changes),
              ElementsAre("drop table notes", "drop unique constraint users_legacy_key on users",
                          "drop column users.legacy", "add column users.nick",
                          "alter column users.age type: integer -> bigint",
                          "add unique constraint users_nick_key on users", "add table images"));
  EXPECT_EQ(upgrade_sql(changes).substr(0, 18), "DROP TABLE notes;\n");
  EXPECT_EQ(downgrade_sql(changes).substr(0, 18), "DROP TABLE images;");
}

TEST(Diff, ChangeKindNames) {
  EXPECT_EQ(to_string(ChangeKind::add_table), "add_table");
  EXPECT_EQ(to_string(ChangeKind::alter_column_default), "alter_column_default");
  EXPECT_EQ(to_string(ChangeKind::drop_primary_key), "drop_primary_key");
}

}  // namespace
}  // namespace tessera::db::migrations
