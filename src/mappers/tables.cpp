#include "mappers/tables.hpp"

namespace tessera::mappers {

// Lengths of emails and names are checked by the request schemas (API.md), so the columns are
// text. Emails are stored normalised (core/email_address.hpp) and unique as stored.
const db::Table& users_table() {
  static const db::Table table =
      db::table("users")
          .column("id", "uuid", db::primary_key(), db::default_sql("gen_random_uuid()"))
          .column("email", "text", db::unique())
          .column("hashed_password", "text")
          .column("full_name", "text", db::nullable())
          .column("is_active", "boolean", db::default_sql("true"))
          .column("is_superuser", "boolean", db::default_sql("false"))
          .column("email_verified", "boolean", db::default_sql("false"))
          .column("totp_secret", "text", db::nullable())
          .column("created_at", "timestamptz", db::default_sql("now()"), db::indexed())
          .column("updated_at", "timestamptz", db::default_sql("now()"))
          .build();
  return table;
}

const db::Table& images_table() {
  static const db::Table table =
      db::table("images")
          .column("id", "uuid", db::primary_key(), db::default_sql("gen_random_uuid()"))
          .column("owner_id", "uuid", db::references("users", "id", "CASCADE"))
          .column("original_filename", "text")
          .column("content_type", "text")
          .column("size_bytes", "bigint")
          .column("width", "integer")
          .column("height", "integer")
          .column("status", "text", db::default_sql("'pending'"))
          .column("error", "text", db::nullable())
          .column("storage_key", "text", db::unique())
          .column("task_id", "uuid", db::nullable())
          .column("created_at", "timestamptz", db::default_sql("now()"))
          .column("updated_at", "timestamptz", db::default_sql("now()"))
          // An owner's page, newest first, is a backward scan of this index; the cascade from
          // users finds an owner's rows through it too.
          .index("ix_images_owner_created", {"owner_id", "created_at", "id"})
          .build();
  return table;
}

// One row per variant name of an image; the primary key also serves lookups by image.
const db::Table& image_variants_table() {
  static const db::Table table =
      db::table("image_variants")
          .column("image_id", "uuid", db::primary_key(), db::references("images", "id", "CASCADE"))
          .column("name", "text", db::primary_key())
          .column("width", "integer")
          .column("height", "integer")
          .column("format", "text")
          .column("size_bytes", "bigint")
          .column("storage_key", "text", db::unique())
          .build();
  return table;
}

// Tasks written with the change they belong to, until the relay has queued them; oldest
// first through the index.
const db::Table& task_outbox_table() {
  static const db::Table table =
      db::table("task_outbox")
          .column("task_id", "uuid", db::primary_key())
          .column("queue", "text")
          .column("envelope", "text")
          .column("due", "timestamptz", db::nullable())
          .column("created_at", "timestamptz", db::default_sql("now()"), db::indexed())
          .build();
  return table;
}

// The digests of a user's unused two-factor recovery codes: using one deletes its row.
const db::Table& recovery_codes_table() {
  static const db::Table table =
      db::table("recovery_codes")
          .column("user_id", "uuid", db::primary_key(), db::references("users", "id", "CASCADE"))
          .column("code_digest", "text", db::primary_key())
          .build();
  return table;
}

const db::SchemaModel& declared_schema() {
  static const db::SchemaModel schema = [] {
    db::SchemaModel model{{users_table(), images_table(), image_variants_table(),
                           task_outbox_table(), recovery_codes_table()}};
    db::validate_schema(model);
    return model;
  }();
  return schema;
}

}  // namespace tessera::mappers
