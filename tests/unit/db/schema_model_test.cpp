#include "db/schema_model.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migration_test_support.hpp"

namespace tessera::db {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Table users_table() {
  return table("users")
      .column("id", "uuid", primary_key(), default_sql("gen_random_uuid()"))
      .column("email", "text", unique())
      .column("full_name", "text", nullable())
      .column("is_active", "boolean", default_sql("true"))
      .index("ix_users_email_lower", {"lower(email)"}, unique())
      .build();
}

std::string build_error(const TableBuilder& builder) {
  return migrations::test::error_message<SchemaError>([&] { builder.build(); });
}

TEST(SchemaModel, BuilderFillsColumnsKeysAndIndexes) {
  const Table users = users_table();
  EXPECT_EQ(users.name, "users");
  EXPECT_THAT(users.column_names(), ElementsAre("id", "email", "full_name", "is_active"));
  EXPECT_THAT(users.primary_key, ElementsAre("id"));
  EXPECT_EQ(*users.find_column("id"),
            (Column{"id", "uuid", false, std::string("gen_random_uuid()")}));
  EXPECT_TRUE(users.find_column("full_name")->nullable);
  EXPECT_FALSE(users.find_column("email")->default_sql);
  EXPECT_THAT(users.uniques, ElementsAre(UniqueConstraint{"users_email_key", {"email"}}));
  EXPECT_THAT(users.indexes, ElementsAre(Index{"ix_users_email_lower", {"lower(email)"}, true}));
}

TEST(SchemaModel, ColumnOptionsNameConstraintsAsPostgresqlDoes) {
  const Table images =
      table("images")
          .column("id", "uuid", primary_key())
          .column("owner_id", "uuid", references("users", "id", "cascade"), indexed())
          .build();
  EXPECT_THAT(
      images.foreign_keys,
      ElementsAre(ForeignKey{"images_owner_id_fkey", {"owner_id"}, "users", {"id"}, "CASCADE"}));
  EXPECT_THAT(images.indexes, ElementsAre(Index{"ix_images_owner_id", {"owner_id"}, false}));
}

TEST(SchemaModel, TableLevelKeysAndConstraints) {
  const Table tags = table("image_tags")
                         .column("image_id", "uuid")
                         .column("tag", "text")
                         .primary_key({"image_id", "tag"})
                         .unique("uq_tag", {"tag", "image_id"})
                         .foreign_key("fk_image", {"image_id"}, "images", {"id"}, "set  null")
                         .index("ix_tag", {"tag"})
                         .build();
  EXPECT_THAT(tags.primary_key, ElementsAre("image_id", "tag"));
  EXPECT_EQ(tags.find_unique("uq_tag")->columns, (std::vector<std::string>{"tag", "image_id"}));
  EXPECT_EQ(tags.find_foreign_key("fk_image")->on_delete, "SET NULL");
  EXPECT_FALSE(tags.find_index("ix_tag")->unique);
  EXPECT_EQ(tags.find_index("missing"), nullptr);
}

TEST(SchemaModel, FindsTablesByName) {
  const SchemaModel schema{{users_table()}};
  ASSERT_NE(schema.find("users"), nullptr);
  EXPECT_EQ(schema.find("users")->name, "users");
  EXPECT_EQ(schema.find("images"), nullptr);
}

TEST(SchemaModel, ReferentialActionsAreCanonical) {
  EXPECT_EQ(referential_action(" set\tnull "), "SET NULL");
  EXPECT_EQ(referential_action("Cascade"), "CASCADE");
  EXPECT_EQ(referential_action("no   action"), "NO ACTION");
}

TEST(SchemaModel, RefusesBadDeclarations) {
  EXPECT_THAT(build_error(table("t").column("a", "int").column("a", "text")),
              HasSubstr("two columns named a"));
  EXPECT_THAT(build_error(table("t").column("a", "")), HasSubstr("column a without a type"));
  EXPECT_THAT(build_error(table("t").column("a", "int").primary_key({"b"})),
              HasSubstr("primary key names unknown column b"));
  EXPECT_THAT(build_error(table("t").column("a", "int", primary_key(), nullable())),
              HasSubstr("primary key column a is declared nullable"));
  EXPECT_THAT(build_error(table("t").column("a", "int").unique("u", {"a", "a"})),
              HasSubstr("names column a twice"));
  EXPECT_THAT(build_error(table("t").column("a", "int").index("ix", {})),
              HasSubstr("index ix without columns"));
  EXPECT_THAT(build_error(table("t").column("a", "int").index("x", {"a"}).unique("x", {"a"})),
              HasSubstr("two constraints or indexes named x"));
  EXPECT_THAT(build_error(table("t").column("a", "int").foreign_key("f", {"a"}, "u", {"x", "y"})),
              HasSubstr("must reference as many columns"));
  EXPECT_THAT(
      build_error(table("t").column("a", "int").foreign_key("f", {"a"}, "u", {"x"}, "DROP")),
      HasSubstr("unknown ON DELETE DROP"));
  EXPECT_THAT(build_error(table(std::string(64, 'a'))), HasSubstr("longer than 63 bytes"));
  EXPECT_THAT(build_error(table("")), HasSubstr("table without a name"));
}

TEST(SchemaModel, ValidatesTheSchemaAsAWhole) {
  const auto error_of = [](const SchemaModel& schema) {
    return migrations::test::error_message<SchemaError>([&] { validate_schema(schema); });
  };
  const Table images = table("images")
                           .column("id", "uuid", primary_key())
                           .column("owner_id", "uuid", references("users"))
                           .build();
  EXPECT_EQ(error_of({{users_table(), images}}), "no error");
  EXPECT_THAT(error_of({{images}}), HasSubstr("references unknown table users"));
  EXPECT_THAT(error_of({{users_table(), users_table()}}), HasSubstr("table users: declared twice"));
  const Table other =
      table("other").column("email", "text").index("ix_users_email_lower", {"email"}).build();
  EXPECT_THAT(error_of({{users_table(), other}}),
              HasSubstr("index name ix_users_email_lower is used twice"));
  const Table bad_ref = table("x").column("u", "uuid", references("users", "nope")).build();
  EXPECT_THAT(error_of({{users_table(), bad_ref}}),
              HasSubstr("references unknown column users.nope"));
}

}  // namespace
}  // namespace tessera::db
