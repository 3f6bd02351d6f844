// The exact loc, msg and type of every validation error, as FastAPI reports them.

#include <string>

#include <gtest/gtest.h>

#include "schema/schema.hpp"

#include "test_support.hpp"
#include "test_types.hpp"

namespace tessera::test {
namespace {

// Decodes `body` as T and returns the single error item it must produce.
template <class T>
boost::json::value only_error(std::string_view body) {
  const auto items = detail_of([&] { schema::decode_json<T>(body); });
  EXPECT_EQ(items.size(), 1u) << body;
  return items.empty() ? boost::json::value() : items[0];
}

constexpr std::string_view valid_user = R"("email": "a@b.co", "password": "12345678")";

std::string user_with(std::string_view fields) {
  return "{" + std::string(valid_user) + ", " + std::string(fields) + "}";
}

TEST(SchemaErrors, MissingField) {
  const auto item = only_error<UserRegister>(R"({"password": "12345678"})");
  expect_item(item, R"(["body", "email"])", "Field required", "missing");
  EXPECT_FALSE(item.as_object().contains("input"));
}

TEST(SchemaErrors, StringType) {
  const auto item = only_error<UserRegister>(user_with(R"("full_name": 5)"));
  expect_item(item, R"(["body", "full_name"])", "Input should be a valid string", "string_type");
  EXPECT_EQ(item.at("input"), 5);
}

TEST(SchemaErrors, StringTooShortAndTooLong) {
  auto item = only_error<UserRegister>(R"({"email": "a@b.co", "password": "1234567"})");
  expect_item(item, R"(["body", "password"])", "String should have at least 8 characters",
              "string_too_short");
  EXPECT_EQ(item.at("ctx"), js(R"({"min_length": 8})"));

  item = only_error<UserRegister>(user_with(R"("full_name": ")" + std::string(256, 'x') + "\""));
  expect_item(item, R"(["body", "full_name"])", "String should have at most 255 characters",
              "string_too_long");
  EXPECT_EQ(item.at("ctx"), js(R"({"max_length": 255})"));

  item = only_error<Item>(R"({"name": ""})");
  expect_item(item, R"(["body", "name"])", "String should have at least 1 character",
              "string_too_short");
}

TEST(SchemaErrors, IntTypeParsingAndFromFloat) {
  expect_item(only_error<Item>(R"({"name": "n", "quantity": [1]})"), R"(["body", "quantity"])",
              "Input should be a valid integer", "int_type");
  expect_item(only_error<Item>(R"({"name": "n", "quantity": null})"), R"(["body", "quantity"])",
              "Input should be a valid integer", "int_type");
  expect_item(only_error<Item>(R"({"name": "n", "quantity": "12abc"})"), R"(["body", "quantity"])",
              "Input should be a valid integer, unable to parse string as an integer",
              "int_parsing");
  expect_item(only_error<Item>(R"({"name": "n", "quantity": 2.5})"), R"(["body", "quantity"])",
              "Input should be a valid integer, got a number with a fractional part",
              "int_from_float");
}

TEST(SchemaErrors, IntegersOutsideTheirTypeAreRangeErrors) {
  const auto items = detail_of([] {
    schema::decode<std::uint8_t>(js("300"), {"body", "priority"});
  });
  ASSERT_EQ(items.size(), 1u);
  expect_item(items[0], R"(["body", "priority"])", "Input should be less than or equal to 255",
              "less_than_equal");
  EXPECT_EQ(items[0].at("ctx"), js(R"({"le": 255})"));

  const auto negative = detail_of([] { schema::decode<std::uint32_t>(js("-1"), {"query"}); });
  ASSERT_EQ(negative.size(), 1u);
  expect_item(negative[0], R"(["query"])", "Input should be greater than or equal to 0",
              "greater_than_equal");

  const auto huge = detail_of(
      [] { schema::decode<std::int64_t>(js("123456789012345678901234567890"), {"body"}); });
  ASSERT_EQ(huge.size(), 1u);
  expect_item(huge[0], R"(["body"])", "Input should be less than or equal to 9223372036854775807",
              "less_than_equal");
}

TEST(SchemaErrors, NumericBoundsFromRules) {
  auto item = only_error<Item>(R"({"name": "n", "quantity": 0})");
  expect_item(item, R"(["body", "quantity"])", "Input should be greater than or equal to 1",
              "greater_than_equal");
  EXPECT_EQ(item.at("ctx"), js(R"({"ge": 1})"));
  EXPECT_EQ(item.at("input"), 0);
  expect_item(only_error<Item>(R"({"name": "n", "quantity": 101})"), R"(["body", "quantity"])",
              "Input should be less than or equal to 100", "less_than_equal");

  const auto weight =
      detail_of([] { schema::decode<Order>(js(R"({"weight": 1000.5})"), {"body"}); });
  bool found = false;
  for (const auto& e : weight) {
    if (e.at("loc") != js(R"(["body", "weight"])")) continue;
    found = true;
    expect_item(e, R"(["body", "weight"])", "Input should be less than 1000.5", "less_than");
  }
  EXPECT_TRUE(found);
}

TEST(SchemaErrors, BoolTypeAndParsing) {
  expect_item(only_error<ListQuery>(R"({"active": "maybe"})"), R"(["body", "active"])",
              "Input should be a valid boolean, unable to interpret input", "bool_parsing");
  expect_item(only_error<ListQuery>(R"({"active": 2})"), R"(["body", "active"])",
              "Input should be a valid boolean, unable to interpret input", "bool_parsing");
  expect_item(only_error<ListQuery>(R"({"active": {}})"), R"(["body", "active"])",
              "Input should be a valid boolean", "bool_type");
}

TEST(SchemaErrors, FloatTypeAndParsing) {
  const auto a = detail_of([] { schema::decode<double>(js(R"("abc")"), {"body"}); });
  ASSERT_EQ(a.size(), 1u);
  expect_item(a[0], R"(["body"])",
              "Input should be a valid number, unable to parse string as a number",
              "float_parsing");
  const auto b = detail_of([] { schema::decode<double>(js("[]"), {"body"}); });
  ASSERT_EQ(b.size(), 1u);
  expect_item(b[0], R"(["body"])", "Input should be a valid number", "float_type");
}

TEST(SchemaErrors, InvalidEmailIsAValueError) {
  const auto item =
      only_error<UserRegister>(R"({"email": "not-an-email", "password": "12345678"})");
  expect_item(item, R"(["body", "email"])",
              "value is not a valid email address: An email address must have an @-sign.",
              "value_error");
  EXPECT_EQ(item.at("input"), "not-an-email");
  EXPECT_EQ(item.at("ctx").at("reason"), "An email address must have an @-sign.");
}

TEST(SchemaErrors, EmailSyntaxRules) {
  EXPECT_EQ(schema::email_problem("a@b.co"), std::nullopt);
  EXPECT_EQ(schema::email_problem("first.last+tag@sub.example.org"), std::nullopt);
  EXPECT_TRUE(schema::email_problem("a@@b.co"));
  EXPECT_TRUE(schema::email_problem("a@b@c.co"));
  EXPECT_TRUE(schema::email_problem("@b.co"));
  EXPECT_TRUE(schema::email_problem("a@"));
  EXPECT_TRUE(schema::email_problem("a@localhost"));
  EXPECT_TRUE(schema::email_problem("a b@c.co"));
  EXPECT_TRUE(schema::email_problem("a@c .co"));
  EXPECT_TRUE(schema::email_problem("a@c..co"));
  EXPECT_TRUE(schema::email_problem("a@.c.co"));
  EXPECT_TRUE(schema::email_problem("a\t@c.co"));
  const std::string local(64, 'a');
  const std::string at_limit = local + "@" + std::string(254 - 65 - 4, 'b') + ".com";
  ASSERT_EQ(at_limit.size(), 254u);
  EXPECT_EQ(schema::email_problem(at_limit), std::nullopt);
  EXPECT_EQ(schema::email_problem("x" + at_limit),
            "The email address is too long (1 character too many).");
}

TEST(SchemaErrors, UuidTypeAndParsing) {
  auto items = detail_of([] {
    schema::decode<core::Uuid>(js(R"("6f1c1a2e-zzzz")"), {"path", "id"});
  });
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("type"), "uuid_parsing");
  EXPECT_EQ(items[0].at("loc"), js(R"(["path", "id"])"));
  EXPECT_EQ(items[0].at("msg"),
            "Input should be a valid UUID, invalid character: expected an optional prefix of "
            "`urn:uuid:` followed by [0-9a-fA-F-], found `z` at 10");
  items = detail_of([] { schema::decode<core::Uuid>(js(R"("abc")"), {"body"}); });
  EXPECT_EQ(items[0].at("msg"),
            "Input should be a valid UUID, invalid length: expected length 32 for simple format, "
            "found 3");
  // A multi-byte character is quoted whole and counted as one, so the body stays UTF-8.
  items = detail_of([] { schema::decode<core::Uuid>(js(R"("ab\u00e9")"), {"body"}); });
  EXPECT_TRUE(items[0].at("msg").as_string().ends_with("found `\xC3\xA9` at 3"));
  items = detail_of([] { schema::decode<core::Uuid>(js("12"), {"body"}); });
  expect_item(items[0], R"(["body"])", "UUID input should be a string, bytes or UUID object",
              "uuid_type");
}

TEST(SchemaErrors, DatetimeTypeAndParsing) {
  auto items =
      detail_of([] { schema::decode<core::Timestamp>(js(R"("2026-13-01T00:00:00Z")"), {"body"}); });
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("type"), "datetime_parsing");
  EXPECT_TRUE(items[0].at("msg").as_string().starts_with("Input should be a valid datetime, "));
  items = detail_of([] { schema::decode<core::Timestamp>(js(R"("yesterday")"), {"body"}); });
  expect_item(items[0], R"(["body"])", "Input should be a valid datetime, input is too short",
              "datetime_parsing");
  items = detail_of([] { schema::decode<core::Timestamp>(js("1700000000"), {"body"}); });
  expect_item(items[0], R"(["body"])", "Input should be a valid datetime", "datetime_type");
}

TEST(SchemaErrors, DatetimesOutsideYears0000To9999InUtcAreRefused) {
  // The offset moves these to year -1 and 10000, which could not be written back.
  for (const char* text : {R"("0000-01-01T00:30:00+01:00")", R"("9999-12-31T23:30:00-01:00")"}) {
    const auto items = detail_of([&] { schema::decode<core::Timestamp>(js(text), {"body"}); });
    ASSERT_EQ(items.size(), 1u) << text;
    expect_item(items[0], R"(["body"])",
                "Input should be a valid datetime, input is not an RFC 3339 date and time",
                "datetime_parsing");
    EXPECT_EQ(items[0].at("input"), js(text));
  }
}

TEST(SchemaErrors, EnumAndLiteral) {
  const auto items = detail_of([] { schema::decode<Status>(js(R"("done")"), {"body", "status"}); });
  ASSERT_EQ(items.size(), 1u);
  expect_item(items[0], R"(["body", "status"])",
              "Input should be 'pending', 'processing', 'ready' or 'failed'", "enum");
  EXPECT_EQ(items[0].at("ctx"),
            js(R"({"expected": "'pending', 'processing', 'ready' or 'failed'"})"));

  const auto kind = detail_of([] { schema::decode<Order>(js(R"({"kind": "resale"})"), {"body"}); });
  bool found = false;
  for (const auto& e : kind) {
    if (e.at("loc") != js(R"(["body", "kind"])")) continue;
    found = true;
    expect_item(e, R"(["body", "kind"])", "Input should be 'retail' or 'wholesale'",
                "literal_error");
  }
  EXPECT_TRUE(found);
}

TEST(SchemaErrors, ContainersOfTheWrongKind) {
  const auto body = detail_of([] { schema::decode_json<UserRegister>("[1, 2]"); });
  ASSERT_EQ(body.size(), 1u);
  expect_item(body[0], R"(["body"])",
              "Input should be a valid dictionary or object to extract fields from",
              "model_attributes_type");
  expect_item(only_error<Plain>(R"({"a": "x", "flags": {"0": true}})"), R"(["body", "flags"])",
              "Input should be a valid list", "list_type");
  const auto map =
      detail_of([] { schema::decode<std::map<std::string, int>>(js("[]"), {"body"}); });
  expect_item(map[0], R"(["body"])", "Input should be a valid dictionary", "dict_type");
}

TEST(SchemaErrors, ListLengthConstraints) {
  const auto items = detail_of([] {
    schema::decode<Order>(js(R"({"items": [{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d"}]})"),
                          {"body"});
  });
  bool found = false;
  for (const auto& e : items) {
    if (e.at("loc") != js(R"(["body", "items"])")) continue;
    found = true;
    expect_item(e, R"(["body", "items"])",
                "List should have at most 3 items after validation, not 4", "too_long");
  }
  EXPECT_TRUE(found);
}

TEST(SchemaErrors, SeveralErrorsAreListedInFieldOrderWithNestedLocations) {
  const auto items = detail_of([] {
    schema::decode_json<Order>(R"({
      "id": "nope", "created_at": "2026-01-01T00:00:00Z",
      "items": [{"name": "ok"}, {"name": "ok", "quantity": 2}, {"quantity": 1}, {"name": 7}],
      "tags": {"a": "x"}, "extra": 1, "weight": 3, "big": 1
    })");
  });
  ASSERT_EQ(items.size(), 4u);
  expect_item(items[0], R"(["body", "id"])",
              "Input should be a valid UUID, invalid character: expected an optional prefix of "
              "`urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1",
              "uuid_parsing");
  expect_item(items[1], R"(["body", "items", 2, "name"])", "Field required", "missing");
  expect_item(items[2], R"(["body", "items", 3, "name"])", "Input should be a valid string",
              "string_type");
  expect_item(items[3], R"(["body", "tags", "a"])",
              "Input should be a valid integer, unable to parse string as an integer",
              "int_parsing");
}

TEST(SchemaErrors, PasswordInputsAreNeverEchoed) {
  const auto items = detail_of(
      [] { schema::decode_json<UserRegister>(R"({"email": "bad", "password": "short"})"); });
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("input"), "bad");
  EXPECT_EQ(items[1].at("type"), "string_too_short");
  EXPECT_FALSE(items[1].as_object().contains("input"));
  EXPECT_EQ(items[1].at("ctx"), js(R"({"min_length": 8})"));

  // Even an ErrorItem built elsewhere with an input does not show it.
  schema::ErrorItem item{{std::string("body"), std::string("new_password")},
                         "m",
                         "t",
                         boost::json::value("secret"),
                         std::nullopt};
  EXPECT_FALSE(item.to_json().as_object().contains("input"));
}

TEST(SchemaErrors, NulCharactersAreRefused) {
  const auto item = only_error<Item>(R"({"name": "a\u0000b"})");
  EXPECT_EQ(item.at("type"), "value_error");
  EXPECT_EQ(item.at("loc"), js(R"(["body", "name"])"));
}

TEST(SchemaErrors, NonFiniteInputsAreLeftOutOfTheBody) {
  const auto item = only_error<Item>(R"({"name": "n", "quantity": 1e400})");
  // An int field: the type's own range is checked before the rules' bounds.
  expect_item(item, R"(["body", "quantity"])", "Input should be less than or equal to 2147483647",
              "less_than_equal");
  EXPECT_FALSE(item.as_object().contains("input"));
  // The body stays valid JSON.
  EXPECT_NO_THROW(boost::json::parse(boost::json::serialize(item)));
}

// Boost.JSON parses a number too large for a double (1e400) as an infinity, which JSON
// cannot write back: it is refused, at its own location, wherever the value would be kept.
TEST(SchemaErrors, NumbersTooLargeForADoubleAreNotFinite) {
  auto items = detail_of([] { schema::decode<double>(js("-1e400"), {"body"}); });
  ASSERT_EQ(items.size(), 1u);
  expect_item(items[0], R"(["body"])", "Input should be a finite number", "finite_number");
  EXPECT_FALSE(items[0].as_object().contains("input"));

  items =
      detail_of([] { schema::decode<boost::json::value>(js(R"([1, {"a": 1e400}])"), {"body"}); });
  ASSERT_EQ(items.size(), 1u);
  expect_item(items[0], R"(["body", 1, "a"])", "Input should be a finite number", "finite_number");
  items = detail_of([] { schema::decode<std::vector<double>>(js("[0.5, 1e999, 2]"), {"body"}); });
  ASSERT_EQ(items.size(), 1u);
  expect_item(items[0], R"(["body", 1])", "Input should be a finite number", "finite_number");

  // In a body, beside the other errors.
  try {
    schema::decode_json<Order>(R"({"id": "6f1c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
        "created_at": "2026-01-01T00:00:00Z", "items": [], "tags": {}, "big": 0,
        "extra": {"x": [true, -1.7976931348623158e308]}, "weight": 1e400, "gift": "maybe"})");
    FAIL() << "expected a ValidationError";
  } catch (const schema::ValidationError& e) {
    const auto body = e.to_json();
    const auto& detail = body.at("detail").as_array();
    ASSERT_EQ(detail.size(), 3u) << body;
    expect_item(detail[0], R"(["body", "extra", "x", 1])", "Input should be a finite number",
                "finite_number");
    expect_item(detail[1], R"(["body", "weight"])", "Input should be a finite number",
                "finite_number");
    EXPECT_EQ(detail[2].at("type"), "bool_parsing");
    // The body stays valid JSON.
    EXPECT_EQ(boost::json::parse(e.to_json_string()), body);
  }
}

TEST(SchemaErrors, ValidationErrorBodyAndSummary) {
  try {
    schema::decode_json<UserRegister>(R"({"password": 1})");
    FAIL() << "expected a ValidationError";
  } catch (const schema::ValidationError& e) {
    EXPECT_EQ(e.errors().size(), 2u);
    EXPECT_EQ(boost::json::parse(e.to_json_string()), js(R"({"detail": [
      {"loc": ["body", "email"], "msg": "Field required", "type": "missing"},
      {"loc": ["body", "password"], "msg": "Input should be a valid string", "type": "string_type"}
    ]})"));
    EXPECT_STREQ(e.what(),
                 "2 validation errors: body.email: Field required; body.password: Input should be "
                 "a valid string");
  }
}

TEST(SchemaErrors, PathErrorHelper) {
  const auto item = schema::path_error("id", "x", "uuid_parsing", "Input should be a valid UUID");
  EXPECT_EQ(item.to_json(), js(R"({"loc": ["path", "id"], "msg": "Input should be a valid UUID",
                                   "type": "uuid_parsing", "input": "x"})"));
}

TEST(SchemaErrors, ErrorListIsBounded) {
  const std::string body = "[" + [] {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += i ? ",\"x\"" : "\"x\"";
    return s;
  }() + "]";
  try {
    schema::decode_json<std::vector<int>>(body);
    FAIL() << "expected a ValidationError";
  } catch (const schema::ValidationError& e) {
    EXPECT_EQ(e.errors().size(), schema::DecodeContext::max_errors);
  }
}

}  // namespace
}  // namespace tessera::test
