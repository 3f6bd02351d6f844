// application/x-www-form-urlencoded bodies and query strings.

#include <gtest/gtest.h>

#include "schema/schema.hpp"

#include "test_support.hpp"
#include "test_types.hpp"

namespace tessera::test {
namespace {

TEST(SchemaForm, DecodesPlusAndPercentEscapes) {
  const auto form = schema::decode_form<LoginForm>(
      "grant_type=password&username=Alice%40Example.com&password=p%40ss+word%20%26%3D%2B");
  EXPECT_EQ(form.username, "Alice@Example.com");
  EXPECT_EQ(form.password, "p@ss word &=+");
  EXPECT_EQ(form.scope, "");
}

TEST(SchemaForm, MissingFieldsAreReportedUnderBody) {
  const auto items = detail_of([] { schema::decode_form<LoginForm>("username=a"); });
  ASSERT_EQ(items.size(), 1u);
  expect_item(items[0], R"(["body", "password"])", "Field required", "missing");
}

TEST(SchemaForm, EmptyValuesCountAsMissing) {
  const auto items =
      detail_of([] { schema::decode_form<LoginForm>("username=&password=x&scope="); });
  ASSERT_EQ(items.size(), 1u);
  expect_item(items[0], R"(["body", "username"])", "Field required", "missing");
}

TEST(SchemaForm, FieldTypesAreConvertedFromStrings) {
  const auto item = schema::decode_form<Item>("name=pen&quantity=%2042");
  EXPECT_EQ(item.quantity, 42);
  const auto items = detail_of([] { schema::decode_form<Item>("name=pen&quantity=many"); });
  ASSERT_EQ(items.size(), 1u);
  expect_item(items[0], R"(["body", "quantity"])",
              "Input should be a valid integer, unable to parse string as an integer",
              "int_parsing");
  EXPECT_EQ(items[0].at("input"), "many");
}

TEST(SchemaForm, MalformedEscapeIsFormInvalid) {
  for (std::string_view body : {"username=a%2&password=b", "username=%zz", "a=%", "%4=1"}) {
    const auto items = detail_of([&] { schema::decode_form<LoginForm>(body); });
    ASSERT_EQ(items.size(), 1u) << body;
    expect_item(items[0], R"(["body"])", "Invalid form data", "form_invalid");
  }
}

TEST(SchemaForm, PasswordNeverEchoed) {
  const auto items = detail_of([] { schema::decode_form<UserRegister>("email=x&password=short"); });
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("input"), "x");
  EXPECT_FALSE(items[1].as_object().contains("input"));
}

TEST(SchemaQuery, ParsesNumbersBooleansAndUuidsFromStrings) {
  const auto q = schema::decode_query<ListQuery>(
      "skip=10&limit=50&active=true&owner=6f1c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(q.skip, 10);
  EXPECT_EQ(q.limit, 50);
  EXPECT_EQ(q.active, true);
  ASSERT_TRUE(q.owner.has_value());
  EXPECT_EQ(q.owner->str(), "6f1c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
}

TEST(SchemaQuery, DefaultsApplyWhenAbsent) {
  const auto q = schema::decode_query<ListQuery>("");
  EXPECT_EQ(q.skip, 0);
  EXPECT_EQ(q.limit, 100);
  EXPECT_TRUE(q.tag.empty());
  EXPECT_FALSE(q.active.has_value());
  EXPECT_FALSE(q.owner.has_value());
}

TEST(SchemaQuery, RepeatedKeysFillListsAndTheLastWinsForScalars) {
  const auto q = schema::decode_query<ListQuery>("tag=a+b&limit=5&tag=c%20d&tag=&limit=6");
  EXPECT_EQ(q.tag, (std::vector<std::string>{"a b", "c d", ""}));
  EXPECT_EQ(q.limit, 6);
}

TEST(SchemaQuery, ErrorsAreReportedUnderQuery) {
  const auto items =
      detail_of([] { schema::decode_query<ListQuery>("skip=-1&limit=abc&active=2"); });
  ASSERT_EQ(items.size(), 3u);
  expect_item(items[0], R"(["query", "skip"])", "Input should be greater than or equal to 0",
              "greater_than_equal");
  EXPECT_EQ(items[0].at("input"), -1);
  expect_item(items[1], R"(["query", "limit"])",
              "Input should be a valid integer, unable to parse string as an integer",
              "int_parsing");
  expect_item(items[2], R"(["query", "active"])",
              "Input should be a valid boolean, unable to interpret input", "bool_parsing");

  const auto limit = detail_of([] { schema::decode_query<ListQuery>("limit=1001"); });
  ASSERT_EQ(limit.size(), 1u);
  expect_item(limit[0], R"(["query", "limit"])", "Input should be less than or equal to 1000",
              "less_than_equal");
  const auto empty = detail_of([] { schema::decode_query<ListQuery>("limit="); });
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].at("type"), "int_parsing");
}

TEST(SchemaQuery, MalformedEscapesAreKeptAsWritten) {
  const auto pairs = schema::parse_query_string("a=100%&b=%zz&c=%41");
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].second, "100%");
  EXPECT_EQ(pairs[1].second, "%zz");
  EXPECT_EQ(pairs[2].second, "A");
}

TEST(SchemaQuery, InvalidUtf8BecomesReplacementCharacters) {
  const auto pairs = schema::parse_query_string("t=a%FFb&u=%C3%A9&v=%E2%82");
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].second,
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(pairs[1].second, "\xC3\xA9");
  EXPECT_EQ(pairs[2].second, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(SchemaQuery, NamesWithoutValuesAndEmptySegments) {
  const auto pairs = schema::parse_query_string("&&flag&x=1&&");
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(pairs[1], (std::pair<std::string, std::string>{"x", "1"}));
}

TEST(SchemaPairs, PathParametersDecodeWithTheirOwnRoot) {
  const schema::FieldPairs pairs{{"owner", "not-a-uuid"}};
  const auto items = detail_of([&] { schema::decode_pairs<ListQuery>(pairs, {"path"}); });
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("loc"), js(R"(["path", "owner"])"));
  EXPECT_EQ(items[0].at("type"), "uuid_parsing");
}

}  // namespace
}  // namespace tessera::test
