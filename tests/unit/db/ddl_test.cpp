#include "db/migrations/ddl.hpp"

#include <gtest/gtest.h>

namespace tessera::db::migrations {
namespace {

TEST(Ddl, QuotesIdentifiersOnlyWhenNeeded) {
  EXPECT_EQ(quote_identifier("users"), "users");
  EXPECT_EQ(quote_identifier("image_variants2"), "image_variants2");
  EXPECT_EQ(quote_identifier("_x"), "_x");
  EXPECT_EQ(quote_identifier("Users"), "\"Users\"");
  EXPECT_EQ(quote_identifier("2fa"), "\"2fa\"");
  EXPECT_EQ(quote_identifier("first name"), "\"first name\"");
  EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_identifier(""), "\"\"");
  // Reserved words, and the words quote_ident() quotes although they may name columns.
  EXPECT_EQ(quote_identifier("user"), "\"user\"");
  EXPECT_EQ(quote_identifier("order"), "\"order\"");
  EXPECT_EQ(quote_identifier("left"), "\"left\"");
  EXPECT_EQ(quote_identifier("time"), "\"time\"");
  EXPECT_EQ(quote_identifier("xmltable"), "\"xmltable\"");
  // Unreserved keywords need no quotes.
  EXPECT_EQ(quote_identifier("name"), "name");
  EXPECT_EQ(quote_identifier("status"), "status");
  EXPECT_EQ(quote_identifier("email"), "email");
  EXPECT_EQ(quote_list({"id", "user", "Tag"}), "id, \"user\", \"Tag\"");
}

TEST(Ddl, CreateTableWithEverything) {
  const Table images =
      table("images")
          .column("id", "uuid", primary_key(), default_sql("gen_random_uuid()"))
          .column("owner_id", "uuid", references("users", "id", "CASCADE"), indexed())
          .column("user", "text", nullable(), unique())
          .column("status", "text", default_sql("'pending'"))
          .foreign_key("fk_plain", {"status"}, "statuses", {"name"})
          .index("ix_images_lower_user", {"lower(\"user\")"}, unique())
          .index("ix_images_sum", {"status", "length(status) + 1"})
          .build();
  EXPECT_EQ(create_table_sql(images),
            "CREATE TABLE images (\n"
            "    id uuid NOT NULL DEFAULT gen_random_uuid(),\n"
            "    owner_id uuid NOT NULL,\n"
            "    \"user\" text,\n"
            "    status text NOT NULL DEFAULT 'pending',\n"
            "    CONSTRAINT images_pkey PRIMARY KEY (id),\n"
            "    CONSTRAINT images_user_key UNIQUE (\"user\"),\n"
            "    CONSTRAINT images_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON "
            "DELETE CASCADE,\n"
            "    CONSTRAINT fk_plain FOREIGN KEY (status) REFERENCES statuses (name)\n"
            ");\n"
            "CREATE INDEX ix_images_owner_id ON images (owner_id);\n"
            "CREATE UNIQUE INDEX ix_images_lower_user ON images (lower(\"user\"));\n"
            "CREATE INDEX ix_images_sum ON images (status, (length(status) + 1));\n");
  EXPECT_EQ(drop_table_sql("images"), "DROP TABLE images;\n");
  EXPECT_EQ(drop_table_sql("Order"), "DROP TABLE \"Order\";\n");
}

TEST(Ddl, CreateTableWithoutKeys) {
  EXPECT_EQ(create_table_sql(table("log").column("line", "text").build()),
            "CREATE TABLE log (\n    line text NOT NULL\n);\n");
}

TEST(Ddl, ColumnStatements) {
  const Column nickname{"nickname", "varchar(50)", true, std::nullopt};
  const Column status{"status", "text", false, "'new'"};
  EXPECT_EQ(column_definition(nickname), "nickname varchar(50)");
  EXPECT_EQ(add_column_sql("users", nickname),
            "ALTER TABLE users ADD COLUMN nickname varchar(50);\n");
  EXPECT_EQ(add_column_sql("users", status),
            "ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'new';\n");
  EXPECT_EQ(drop_column_sql("users", "user"), "ALTER TABLE users DROP COLUMN \"user\";\n");
  EXPECT_EQ(alter_column_type_sql("users", nickname),
            "ALTER TABLE users ALTER COLUMN nickname TYPE varchar(50);\n");
  EXPECT_EQ(alter_column_nullable_sql("users", nickname),
            "ALTER TABLE users ALTER COLUMN nickname DROP NOT NULL;\n");
  EXPECT_EQ(alter_column_nullable_sql("users", status),
            "ALTER TABLE users ALTER COLUMN status SET NOT NULL;\n");
  EXPECT_EQ(alter_column_default_sql("users", status),
            "ALTER TABLE users ALTER COLUMN status SET DEFAULT 'new';\n");
  EXPECT_EQ(alter_column_default_sql("users", nickname),
            "ALTER TABLE users ALTER COLUMN nickname DROP DEFAULT;\n");
}

TEST(Ddl, IndexAndConstraintStatements) {
  const Table users = table("users").column("id", "uuid").column("email", "text").build();
  EXPECT_EQ(create_index_sql(users, {"ix_users_email_lower", {"lower(email)"}, true}),
            "CREATE UNIQUE INDEX ix_users_email_lower ON users (lower(email));\n");
  EXPECT_EQ(create_index_sql(users, {"ix_e", {"email", "id"}, false}),
            "CREATE INDEX ix_e ON users (email, id);\n");
  EXPECT_EQ(create_index_sql(users, {"ix_cast", {"email::text"}, false}),
            "CREATE INDEX ix_cast ON users ((email::text));\n");
  EXPECT_EQ(create_index_sql(users, {"ix_two", {"lower(email) || lower(email)"}, false}),
            "CREATE INDEX ix_two ON users ((lower(email) || lower(email)));\n");
  EXPECT_EQ(drop_index_sql("ix_e"), "DROP INDEX ix_e;\n");
  EXPECT_EQ(add_unique_sql("users", {"users_email_key", {"email"}}),
            "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\n");
  EXPECT_EQ(add_foreign_key_sql("images", {"fk", {"owner_id"}, "users", {"id"}, "SET NULL"}),
            "ALTER TABLE images ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES users (id) "
            "ON DELETE SET NULL;\n");
  EXPECT_EQ(add_primary_key_sql("users", {"id", "email"}),
            "ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id, email);\n");
  EXPECT_EQ(drop_constraint_sql("users", "users_pkey"),
            "ALTER TABLE users DROP CONSTRAINT users_pkey;\n");
}

}  // namespace
}  // namespace tessera::db::migrations
