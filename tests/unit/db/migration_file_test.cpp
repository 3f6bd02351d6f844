#include "db/migrations/migration_file.hpp"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tessera::db::migrations {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr std::string_view header =
    "-- Tessera migration\n"
    "-- revision: 5c1e9b2a7d30\n"
    "-- down_revision: none\n"
    "-- message: create users\n";

const std::string valid = std::string(header) +
                          "-- created: 2026-11-25T10:00:00Z\n"
                          "\n"
                          "-- upgrade\n"
                          "CREATE TABLE users (id uuid);\n"
                          "\n"
                          "-- downgrade\n"
                          "DROP TABLE users;\n";

MigrationFileError error_of(std::string_view text) {
  try {
    parse_migration(text, "m.sql");
  } catch (const MigrationFileError& e) {
    return e;
  }
  ADD_FAILURE() << "parsed without error:\n" << text;
  return MigrationFileError("", 0, "");
}

// Asserts the error's line and that its problem contains `problem`.
void expect_error(std::string_view text, std::size_t line, std::string_view problem) {
  const MigrationFileError e = error_of(text);
  EXPECT_EQ(e.file(), "m.sql") << text;
  EXPECT_EQ(e.line(), line) << e.what();
  EXPECT_THAT(e.problem(), HasSubstr(std::string(problem))) << text;
}

std::string with_sections(std::string_view head) {
  return std::string(head) + "\n-- upgrade\nSELECT 1;\n-- downgrade\n";
}

TEST(MigrationFile, ParsesEveryField) {
  const MigrationFile file = parse_migration(valid, "5c1e9b2a7d30_create_users.sql");
  EXPECT_EQ(file.revision, "5c1e9b2a7d30");
  EXPECT_EQ(file.down_revision, std::nullopt);
  EXPECT_EQ(file.message, "create users");
  EXPECT_EQ(file.created, "2026-11-25T10:00:00Z");
  EXPECT_EQ(file.upgrade_sql, "CREATE TABLE users (id uuid);");
  EXPECT_EQ(file.downgrade_sql, "DROP TABLE users;");
  EXPECT_EQ(file.filename, "5c1e9b2a7d30_create_users.sql");
}

TEST(MigrationFile, AcceptsAParentEmptyPartsCommentsCrlfAndABom) {
  const MigrationFile file = parse_migration(
      "\xEF\xBB\xBF-- Tessera migration\r\n-- revision: 0123456789ab\r\n"
      "-- down_revision:  5c1e9b2a7d30 \r\n-- message:\r\n\r\n-- review before applying\r\n"
      "-- upgrade\r\n\r\n  SELECT 1;\r\n-- inside\r\n\r\n-- downgrade \r\n",
      "x.sql");
  EXPECT_EQ(file.down_revision, "5c1e9b2a7d30");
  EXPECT_EQ(file.message, "");
  EXPECT_EQ(file.created, std::nullopt);
  EXPECT_EQ(file.upgrade_sql, "  SELECT 1;\r\n-- inside");
  EXPECT_EQ(file.downgrade_sql, "");
}

TEST(MigrationFile, HeaderErrors) {
  expect_error("", 1, "the first line must be \"-- Tessera migration\"");
  expect_error("-- tessera migration\n", 1, "the first line must be");
  expect_error("\n-- Tessera migration\n", 1, "the first line must be");
  expect_error(with_sections("-- Tessera migration\n-- revision 5c1e9b2a7d30"), 2,
               "expected a header line \"-- key: value\"");
  expect_error(with_sections("-- Tessera migration\nrevision: 5c1e9b2a7d30"), 2,
               "expected a header line");
  expect_error(with_sections(std::string(header) + "-- author: me"), 5,
               "unknown header key \"author\"");
  expect_error(with_sections(std::string(header) + "-- revision: 5c1e9b2a7d30"), 5,
               "header key revision repeated (first on line 2)");
  expect_error(with_sections(std::string(header) + "-- message: a\x01"), 5,
               "header key message repeated");
  expect_error(with_sections("-- Tessera migration\n-- message: a\x01"), 2,
               "control character in message");
}

TEST(MigrationFile, RevisionErrors) {
  const auto with = [](std::string_view revision, std::string_view down) {
    return with_sections("-- Tessera migration\n-- revision: " + std::string(revision) +
                         "\n-- down_revision: " + std::string(down) + "\n-- message: m");
  };
  expect_error(with("5c1e9b2a7d3", "none"), 2, "bad revision id \"5c1e9b2a7d3\"");
  expect_error(with("5C1E9B2A7D30", "none"), 2, "12 lower-case hexadecimal digits");
  expect_error(with("5c1e9b2a7d30x", "none"), 2, "bad revision id");
  expect_error(with("5c1e9b2a7g30", "none"), 2, "bad revision id");
  expect_error(with("5c1e9b2a7d30", "None"), 3, "bad down_revision \"None\"");
  expect_error(with("5c1e9b2a7d30", ""), 3, "bad down_revision");
  expect_error(with("5c1e9b2a7d30", "5c1e9b2a7d30"), 3,
               "revision 5c1e9b2a7d30 cannot follow itself");
  expect_error(with_sections(std::string(header) + "-- created: yesterday"), 5,
               "bad created time \"yesterday\"");
}

TEST(MigrationFile, LongBadValuesAreShortenedInMessages) {
  const MigrationFileError e =
      error_of(with_sections("-- Tessera migration\n-- revision: " + std::string(100, 'z')));
  EXPECT_THAT(e.problem(), HasSubstr("\"" + std::string(40, 'z') + "...\""));
  EXPECT_LT(e.problem().size(), 120u);
}

TEST(MigrationFile, MissingHeaderKeys) {
  expect_error(
      "-- Tessera migration\n-- down_revision: none\n-- message: m\n\n-- upgrade\n-- downgrade\n",
      4, "missing header line \"-- revision: ...\"");
  expect_error(
      "-- Tessera migration\n-- revision: 5c1e9b2a7d30\n-- message: m\n-- upgrade\n-- downgrade\n",
      4, "missing header line \"-- down_revision: ...\"");
  expect_error("-- Tessera migration\n-- revision: 5c1e9b2a7d30\n-- down_revision: none", 3,
               "missing header line \"-- message: ...\"");
}

TEST(MigrationFile, SectionErrors) {
  const std::string head = std::string(header) + "\n";  // lines 1-5
  expect_error(head, 6, "no \"-- upgrade\" line");
  expect_error(head + "-- upgrade\nSELECT 1;\n", 8, "no \"-- downgrade\" line");
  expect_error(head + "-- downgrade\n-- upgrade\n", 6, "\"-- downgrade\" before \"-- upgrade\"");
  expect_error(head + "-- upgrade\n-- upgrade\n-- downgrade\n", 7,
               "second \"-- upgrade\" line (first on line 6)");
  expect_error(head + "-- upgrade\n-- downgrade\n-- downgrade\n", 8,
               "second \"-- downgrade\" line (first on line 7)");
  expect_error(head + "-- upgrade\n-- downgrade\nSELECT 1;\n-- upgrade\n", 9,
               "second \"-- upgrade\" line (first on line 6)");
  expect_error(head + "DROP TABLE x;\n-- upgrade\n-- downgrade\n", 6,
               "SQL before the \"-- upgrade\" line");
}

TEST(MigrationFile, ErrorTextNamesFileAndLine) {
  const MigrationFileError e = error_of("nope");
  EXPECT_STREQ(e.what(), "m.sql:1: the first line must be \"-- Tessera migration\"");
}

TEST(MigrationFile, RendersTheDocumentedLayout) {
  const MigrationFile file = parse_migration(valid, "a.sql");
  EXPECT_EQ(render_migration(file), valid);
}

TEST(MigrationFile, RoundTrips) {
  MigrationFile file{
      .revision = "0123456789ab",
      .down_revision = "5c1e9b2a7d30",
      .message = "add nickname",
      .created = std::nullopt,
      .upgrade_sql = "ALTER TABLE users ADD COLUMN nickname text;\n\n-- note\nSELECT 1;",
      .downgrade_sql = "",
      .filename = "f.sql"};
  EXPECT_EQ(parse_migration(render_migration(file), "f.sql"), file);
  file.message = "";
  file.created = "2026-11-25T10:00:00.123456Z";
  file.downgrade_sql = "\tALTER TABLE users DROP COLUMN nickname;";
  EXPECT_EQ(parse_migration(render_migration(file), "f.sql"), file);
  const std::string text = render_migration(file);
  EXPECT_EQ(render_migration(parse_migration(text, "f.sql")), text);
}

TEST(MigrationFile, RenderRefusesWhatTheFormatCannotHold) {
  const MigrationFile good = parse_migration(valid, "a.sql");
  const auto refused = [&](auto change) {
    MigrationFile file = good;
    change(file);
    EXPECT_THROW(render_migration(file), MigrationError);
  };
  refused([](MigrationFile& f) { f.revision = "xyz"; });
  refused([](MigrationFile& f) { f.down_revision = "1234"; });
  refused([](MigrationFile& f) { f.down_revision = f.revision; });
  refused([](MigrationFile& f) { f.message = "two\nlines"; });
  refused([](MigrationFile& f) { f.created = "soon"; });
  refused([](MigrationFile& f) { f.upgrade_sql = "SELECT 1;\n-- downgrade\nSELECT 2;"; });
  refused([](MigrationFile& f) { f.downgrade_sql = "-- upgrade  "; });
}

TEST(MigrationFile, NewMigration) {
  const auto created = *core::parse_rfc3339("2026-11-25T10:00:00.750Z");
  const MigrationFile file = new_migration("  add\n nickname\tcolumn ", "5c1e9b2a7d30",
                                           "\n\nALTER TABLE users ADD COLUMN nickname text;\n\n",
                                           "ALTER TABLE users DROP COLUMN nickname;\n", created);
  EXPECT_TRUE(is_revision_id(file.revision));
  EXPECT_EQ(file.down_revision, "5c1e9b2a7d30");
  EXPECT_EQ(file.message, "add nickname column");
  EXPECT_EQ(file.created, "2026-11-25T10:00:00Z");
  EXPECT_EQ(file.upgrade_sql, "ALTER TABLE users ADD COLUMN nickname text;");
  EXPECT_EQ(parse_migration(render_migration(file), ""), file);
}

TEST(MigrationFile, RevisionIds) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const std::string id = new_revision_id();
    EXPECT_THAT(id, MatchesRegex("[0-9a-f]{12}"));
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
  EXPECT_TRUE(is_revision_id("0123456789ab"));
  EXPECT_FALSE(is_revision_id("0123456789a"));
  EXPECT_FALSE(is_revision_id("0123456789AB"));
}

TEST(MigrationFile, Slugs) {
  EXPECT_EQ(slug("Create users, images & image_variants!"), "create_users_images_image_variants");
  EXPECT_EQ(slug("  --add  nickname-- "), "add_nickname");
  EXPECT_EQ(slug("Ünïcode ok"), "n_code_ok");
  EXPECT_EQ(slug("!!!"), "");
  EXPECT_EQ(slug(""), "");
  // Cut to 40 characters at a word boundary.
  EXPECT_EQ(slug("add the nickname column to the users table for profiles"),
            "add_the_nickname_column_to_the_users");
  EXPECT_EQ(slug(std::string(50, 'a')), std::string(40, 'a'));
  EXPECT_EQ(slug(std::string(40, 'a') + " b"), std::string(40, 'a'));
}

TEST(MigrationFile, FileNames) {
  MigrationFile file{.revision = "5c1e9b2a7d30", .message = "Create users"};
  EXPECT_EQ(migration_filename(file), "5c1e9b2a7d30_create_users.sql");
  file.message = "";
  EXPECT_EQ(migration_filename(file), "5c1e9b2a7d30.sql");
}

}  // namespace
}  // namespace tessera::db::migrations
