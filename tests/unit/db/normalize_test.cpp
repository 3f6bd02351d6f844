#include "db/migrations/normalize.hpp"

#include <gtest/gtest.h>

namespace tessera::db::migrations {
namespace {

// What PostgreSQL 15's format_type() prints, beside what a declaration says.
TEST(Normalize, CatalogTypeSpellingsMatchDeclarations) {
  EXPECT_EQ(normalize_type("character varying(255)"), normalize_type("varchar(255)"));
  EXPECT_EQ(normalize_type("character varying(255)"), "varchar(255)");
  EXPECT_EQ(normalize_type("character varying"), "varchar");
  EXPECT_EQ(normalize_type("timestamp with time zone"), "timestamptz");
  EXPECT_EQ(normalize_type("timestamp without time zone"), "timestamp");
  EXPECT_EQ(normalize_type("timestamp(3) with time zone"), "timestamptz(3)");
  EXPECT_EQ(normalize_type("time with time zone"), "timetz");
  EXPECT_EQ(normalize_type("character(1)"), normalize_type("char"));
  EXPECT_EQ(normalize_type("character varying(20)[]"), "varchar(20)[]");
  EXPECT_EQ(normalize_type("numeric(10,2)"), normalize_type("NUMERIC( 10 , 2 )"));
  EXPECT_EQ(normalize_type("numeric(10,2)"), normalize_type("decimal(10,2)"));
}

TEST(Normalize, TypeAliases) {
  EXPECT_EQ(normalize_type("INT"), "integer");
  EXPECT_EQ(normalize_type("int4"), "integer");
  EXPECT_EQ(normalize_type("int8"), "bigint");
  EXPECT_EQ(normalize_type("int2"), "smallint");
  EXPECT_EQ(normalize_type("bool"), "boolean");
  EXPECT_EQ(normalize_type("float8"), "double precision");
  EXPECT_EQ(normalize_type("float"), "double precision");
  EXPECT_EQ(normalize_type("float(10)"), "real");
  EXPECT_EQ(normalize_type("float(25)"), "double precision");
  EXPECT_EQ(normalize_type("float4"), "real");
  EXPECT_EQ(normalize_type("Double  Precision"), "double precision");
  for (const char* type : {"uuid", "text", "jsonb", "bytea", "timestamptz", "smallint"}) {
    EXPECT_EQ(normalize_type(type), type);
  }
}

// What pg_get_expr() prints for the defaults, beside the declarations.
TEST(Normalize, CatalogDefaultSpellingsMatchDeclarations) {
  EXPECT_EQ(normalize_default("'pending'::text", "text"), normalize_default("'pending'", "text"));
  EXPECT_EQ(normalize_default("'x'::character varying", "varchar(255)"), "'x'");
  EXPECT_EQ(normalize_default("''::text", "text"), "''");
  EXPECT_EQ(normalize_default("'{}'::jsonb", "jsonb"), "'{}'");
  EXPECT_EQ(normalize_default("'-1'::integer", "integer"), "-1");
  EXPECT_EQ(normalize_default("'-2.5'::numeric", "numeric(10,2)"), "-2.5");
  EXPECT_EQ(normalize_default("true", "boolean"), normalize_default("TRUE", "bool"));
  EXPECT_EQ(normalize_default("now()", "timestamptz"), normalize_default("NOW( )", "timestamptz"));
  EXPECT_EQ(normalize_default("CURRENT_TIMESTAMP", "timestamptz"), "current_timestamp");
  EXPECT_EQ(normalize_default("gen_random_uuid()", "uuid"), "gen_random_uuid()");
  EXPECT_EQ(normalize_default("(now())", "timestamptz"), "now()");
  EXPECT_EQ(normalize_default("'5'", "int"), "5");
}

TEST(Normalize, DefaultsKeepWhatMatters) {
  // A cast to another type is part of the value.
  EXPECT_EQ(normalize_default("'1 day'::interval", "timestamptz"), "'1 day'::interval");
  // Quoted text keeps its case and blanks.
  EXPECT_EQ(normalize_default("'Pending  Review'::text", "text"), "'Pending  Review'");
  EXPECT_EQ(normalize_default("'it''s'::text", "text"), "'it''s'");
  EXPECT_EQ(normalize_default("$$A  B$$", "text"), "$$A  B$$");
  // Quoted text that is not a number stays quoted on a number column.
  EXPECT_EQ(normalize_default("'abc'", "integer"), "'abc'");
  EXPECT_EQ(normalize_default("nextval('users_id_seq'::regclass)", "integer"),
            "nextval('users_id_seq'::regclass)");
  EXPECT_EQ(normalize_default("(a) + (b)", "integer"), "(a) + (b)");
}

TEST(Normalize, Expressions) {
  EXPECT_EQ(normalize_expression(" Lower( Email ) "), "lower(email)");
  EXPECT_EQ(normalize_expression("(lower(email))"), "lower(email)");
  EXPECT_EQ(normalize_expression("\"Email\""), "\"Email\"");
  EXPECT_EQ(normalize_expression("coalesce(a ,  b)"), "coalesce(a,b)");
  EXPECT_EQ(normalize_expression("lower(email :: text)"), "lower(email::text)");
}

TEST(Normalize, IndexedColumnsKeepTheirNames) {
  const Table declared = table("t")
                             .column("Order", "integer")
                             .column("a\"b", "text")
                             .index("ix", {"Order", "a\"b", "Lower(x)"})
                             .build();
  Table live = declared;
  live.indexes[0].expressions = {"\"Order\"", "\"a\"\"b\"", "lower(x)"};
  EXPECT_EQ(normalize(declared), normalize(live));
  EXPECT_EQ(normalize(live).indexes[0].expressions,
            (std::vector<std::string>{"Order", "a\"b", "lower(x)"}));
}

TEST(Normalize, NeverFailsOnOddText) {
  for (const char* text : {"", "(", ")", "'", "\"", "$", "$a", "'a''", "(()", "::", "''::",
                           "float(", "float(abc)", "float(99999999999999999999)", "[]", "a[]"}) {
    normalize_type(text);
    normalize_default(text, text);
    normalize_expression(text);
  }
}

TEST(Normalize, WholeTables) {
  const Table declared = table("t")
                             .column("a", "varchar(10)", default_sql("'x'"))
                             .column("b", "timestamptz", default_sql("now()"))
                             .index("ix", {"lower(a)"})
                             .foreign_key("fk", {"b"}, "u", {"b"}, "cascade")
                             .build();
  Table live = declared;
  live.columns[0] = {"a", "character varying(10)", false, "'x'::character varying"};
  live.columns[1] = {"b", "timestamp with time zone", false, "now()"};
  live.indexes[0].expressions = {"LOWER(a)"};
  EXPECT_EQ(normalize(declared), normalize(live));
  EXPECT_EQ(normalize(SchemaModel{{declared}}), normalize(SchemaModel{{live}}));
}

}  // namespace
}  // namespace tessera::db::migrations
