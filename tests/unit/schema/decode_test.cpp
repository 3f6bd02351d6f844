// Decoding every field type from JSON, and the limits of the JSON parser.

#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "schema/schema.hpp"

#include "test_support.hpp"
#include "test_types.hpp"

namespace tessera::test {
namespace {

constexpr std::string_view full_order = R"({
  "id": "6f1c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
  "created_at": "2026-11-25T10:00:00.250000Z",
  "items": [{"name": "pen", "quantity": 3}, {"name": "ink"}],
  "note": "fragile",
  "status": "ready",
  "tags": {"red": 1, "blue": -2},
  "extra": {"any": [1, "two", null, {"three": true}]},
  "priority": 255,
  "weight": 12.5,
  "gift": true,
  "featured": {"name": "box", "quantity": 100},
  "big": -9223372036854775808,
  "kind": "wholesale",
  "unknown_field": "ignored"
})";

TEST(SchemaDecode, DecodesEveryFieldType) {
  const auto order = schema::decode_json<Order>(full_order);
  EXPECT_EQ(order.id.str(), "6f1c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(core::format_rfc3339(order.created_at), "2026-11-25T10:00:00.250000Z");
  ASSERT_EQ(order.items.size(), 2u);
  EXPECT_EQ(order.items[0].name, "pen");
  EXPECT_EQ(order.items[0].quantity, 3);
  EXPECT_EQ(order.items[1].quantity, 1);  // default kept
  EXPECT_EQ(order.note, "fragile");
  EXPECT_EQ(order.status, Status::ready);
  EXPECT_EQ(order.tags.at("blue"), -2);
  EXPECT_EQ(order.extra, js(R"({"any": [1, "two", null, {"three": true}]})"));
  EXPECT_EQ(order.priority, 255);
  EXPECT_DOUBLE_EQ(order.weight, 12.5);
  EXPECT_TRUE(order.gift);
  ASSERT_TRUE(order.featured.has_value());
  EXPECT_EQ(order.featured->quantity, 100);
  EXPECT_EQ(order.big, std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(order.kind, "wholesale");
}

TEST(SchemaDecode, EncodeOfDecodedEqualsInputWithoutUnknownFields) {
  auto expected = js(full_order).as_object();
  expected.erase("unknown_field");
  expected["items"].as_array()[1].as_object()["quantity"] = 1;
  EXPECT_EQ(schema::encode(schema::decode_json<Order>(full_order)), boost::json::value(expected));
}

TEST(SchemaDecode, OptionalFieldsMayBeAbsentOrNull) {
  const auto a = schema::decode_json<Plain>(R"({"a": "x", "flags": [true, false]})");
  EXPECT_FALSE(a.b.has_value());
  EXPECT_EQ(a.flags, (std::vector<bool>{true, false}));
  const auto b = schema::decode_json<Plain>(R"({"a": "x", "b": null, "flags": []})");
  EXPECT_FALSE(b.b.has_value());
  const auto c = schema::decode_json<Plain>(R"({"a": "x", "b": 7, "flags": []})");
  EXPECT_EQ(c.b, 7);
}

TEST(SchemaDecode, FieldsWithDefaultsKeepTheDefaultConstructedValue) {
  const auto order = schema::decode_json<Order>(
      R"({"id": "6f1c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "created_at": "2026-01-01T00:00:00Z",
          "items": [], "tags": {}, "extra": null, "weight": 1, "big": 0})");
  EXPECT_EQ(order.status, Status::pending);
  EXPECT_EQ(order.kind, "retail");
  EXPECT_FALSE(order.gift);
  EXPECT_TRUE(order.extra.is_null());
}

TEST(SchemaDecode, LaxModeAcceptsNumbersAndBooleansWrittenAsStrings) {
  const auto q = schema::decode<ListQuery>(
      js(R"({"skip": "5", "limit": 7.0, "active": "off", "tag": ["a"]})"), {"query"});
  EXPECT_EQ(q.skip, 5);
  EXPECT_EQ(q.limit, 7);
  EXPECT_EQ(q.active, false);
  const auto item = schema::decode<Item>(js(R"({"name": "n", "quantity": " 42 "})"), {"body"});
  EXPECT_EQ(item.quantity, 42);
  const auto bools =
      schema::decode<Plain>(js(R"({"a": "", "flags": [1, 0, "YES", "f", true]})"), {"body"});
  EXPECT_EQ(bools.flags, (std::vector<bool>{true, false, true, false, true}));
}

TEST(SchemaDecode, NumericTextBeyondADoublesRangeIsAnInfinityOrAZero) {
  // As Python's float() reads it; the words inf and nan are accepted too, as in pydantic.
  const auto number = [](std::string_view text) {
    return schema::decode<double>(boost::json::string(text), {"query"});
  };
  constexpr double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(number("1e400"), inf);
  EXPECT_EQ(number("+1E400"), inf);
  EXPECT_EQ(number("-1e400"), -inf);
  EXPECT_EQ(number("123456789e999999999999"), inf);
  EXPECT_EQ(number("0.01e311"), inf);
  EXPECT_EQ(number("1000e-330"), 0.0);
  EXPECT_EQ(number("1e-400"), 0.0);
  EXPECT_EQ(number("0.00001e-320"), 0.0);
  EXPECT_EQ(number("-1e-400"), 0.0);
  EXPECT_TRUE(std::signbit(number("-1e-400")));
  EXPECT_FALSE(std::signbit(number("1e-400")));
  EXPECT_EQ(number("1.7976931348623157e308"), std::numeric_limits<double>::max());
  EXPECT_EQ(number("-inf"), -inf);
  EXPECT_TRUE(std::isnan(number("nan")));
  // A form field too: 1e400 is an infinity there, over weight's upper bound (a silent 0, as
  // before, would fail its lower bound).
  const auto items = detail_of([] { schema::decode_form<Order>("weight=1e400"); });
  bool found = false;
  for (const auto& item : items) {
    if (item.at("loc") != js(R"(["body", "weight"])")) continue;
    found = true;
    expect_item(item, R"(["body", "weight"])", "Input should be less than 1000.5", "less_than");
    EXPECT_FALSE(item.as_object().contains("input"));  // the decoded infinity, not JSON
  }
  EXPECT_TRUE(found);
}

TEST(SchemaDecode, NumbersTooLargeForADoubleAreRefused) {
  // Boost.JSON reads these as infinities; each is refused at its own location.
  const auto items = detail_of(
      [] { schema::decode_json<Plain>(R"({"a": "x", "b": 1e400, "flags": [true, 1e400]})"); });
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("loc"), js(R"(["body", "b"])"));  // an int: its range
  expect_item(items[1], R"(["body", "flags", 1])", "Input should be a valid boolean", "bool_type");
  // A boost::json::value field keeps any JSON but an infinity.
  EXPECT_EQ(schema::decode<boost::json::value>(js("[1e308, -0.0, 5e-324, 1e-400]"), {"body"}),
            js("[1e308, -0.0, 5e-324, 1e-400]"));
  const auto extra = detail_of([] {
    schema::decode_json<boost::json::value>(R"({"email": "a@example.com", "extra": 1e400})");
  });
  ASSERT_EQ(extra.size(), 1u);
  expect_item(extra[0], R"(["body", "extra"])", "Input should be a finite number", "finite_number");
}

TEST(SchemaDecode, IntegersUseTheWholeRangeOfTheirType) {
  EXPECT_EQ(schema::decode<std::uint64_t>(js("18446744073709551615"), {"body"}),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(schema::decode<std::int8_t>(js("-128"), {"body"}), -128);
  EXPECT_EQ(schema::decode<std::int64_t>(js(R"("-9223372036854775808")"), {"body"}),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(schema::decode<std::uint16_t>(js("1e3"), {"body"}), 1000);
}

TEST(SchemaDecode, UuidsAcceptTheSimpleFormAndUpperCase) {
  EXPECT_EQ(schema::decode<core::Uuid>(js(R"("6F1C1A2E3B4D4E5F8A9B0C1D2E3F4A5B")"), {"body"}).str(),
            "6f1c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
}

TEST(SchemaDecode, TopLevelListsAndMapsDecode) {
  const auto items = schema::decode_json<std::vector<Item>>(R"([{"name": "a"}, {"name": "b"}])");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].name, "b");
  const auto map = schema::decode_json<std::map<std::string, std::vector<int>>>(R"({"x": [1, 2]})");
  EXPECT_EQ(map.at("x"), (std::vector<int>{1, 2}));
}

TEST(SchemaDecode, InheritedMembersAreFields) {
  const auto d = schema::decode_json<Derived>(R"({"tag": "t", "version": 4})");
  EXPECT_EQ(d.version, 4);
  EXPECT_EQ(d.tag, "t");
  const auto items =
      detail_of([] { schema::decode_json<Derived>(R"({"tag": "t", "version": 0})"); });
  ASSERT_EQ(items.size(), 1u);
  expect_item(items[0], R"(["body", "version"])", "Input should be greater than or equal to 1",
              "greater_than_equal");
}

TEST(SchemaDecode, EmailIsLowerCasedAfterValidation) {
  const auto user = schema::decode_json<UserRegister>(
      R"({"email": "Alice.Smith@Example.COM", "password": "correct horse"})");
  EXPECT_EQ(user.email, "alice.smith@example.com");
  EXPECT_EQ(user.password, "correct horse");
}

TEST(SchemaDecode, StringLengthCountsCharactersNotBytes) {
  // Eight two-byte characters: 16 bytes, 8 characters.
  const auto user =
      schema::decode_json<UserRegister>(R"({"email": "a@b.co", "password": "éééééééé"})");
  EXPECT_EQ(user.password.size(), 16u);
  const auto items = detail_of(
      [] { schema::decode_json<UserRegister>(R"({"email": "a@b.co", "password": "ééééééé"})"); });
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("type"), "string_too_short");
}

TEST(SchemaJsonBody, MalformedJsonIsOneJsonInvalidItem) {
  for (std::string_view body : {"{", R"({"email": })", "[1,]", "nul", "{} {}", "\"\xff\""}) {
    const auto items = detail_of([&] { schema::decode_json<UserRegister>(body); });
    ASSERT_EQ(items.size(), 1u) << body;
    expect_item(items[0], R"(["body"])", "JSON decode error", "json_invalid");
    EXPECT_TRUE(items[0].at("ctx").at("error").is_string());
  }
}

TEST(SchemaJsonBody, DeepNestingIsRefusedWithoutCrashing) {
  const std::string deep(100000, '[');
  auto items = detail_of([&] { schema::decode_json<Order>(deep); });
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("type"), "json_invalid");

  const std::string closed = std::string(100000, '[') + std::string(100000, ']');
  items = detail_of([&] { schema::decode_json<boost::json::value>(closed); });
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("type"), "json_invalid");

  const auto nested = [](std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
  };
  EXPECT_NO_THROW(schema::parse_json_body(nested(schema::max_json_depth)));
  EXPECT_THROW(schema::parse_json_body(nested(schema::max_json_depth + 1)),
               schema::ValidationError);
}

TEST(SchemaJsonBody, EmptyBodyOrNullIsAMissingBody) {
  for (std::string_view body : {"", "  \n", "null"}) {
    const auto items = detail_of([&] { schema::decode_json<UserRegister>(body); });
    ASSERT_EQ(items.size(), 1u) << body;
    expect_item(items[0], R"(["body"])", "Field required", "missing");
  }
  EXPECT_FALSE(schema::decode_json<std::optional<Item>>("").has_value());
}

}  // namespace
}  // namespace tessera::test
