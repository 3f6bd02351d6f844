// Encoding described structs to JSON.

#include <gtest/gtest.h>

#include "schema/schema.hpp"

#include "test_support.hpp"
#include "test_types.hpp"

namespace tessera::test {
namespace {

TEST(SchemaEncode, EveryFieldType) {
  Order order;
  order.id = *core::Uuid::parse("6f1c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
  order.created_at = *core::parse_rfc3339("2026-11-25T10:00:00Z");
  order.items = {Item{"pen", 2}};
  order.status = Status::failed;
  order.tags = {{"b", 2}, {"a", 1}};
  order.extra = js(R"({"k": [null]})");
  order.priority = 200;
  order.weight = 0.5;
  order.big = -5;
  EXPECT_EQ(schema::encode(order), js(R"({
    "id": "6f1c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "created_at": "2026-11-25T10:00:00Z",
    "items": [{"name": "pen", "quantity": 2}], "note": null, "status": "failed",
    "tags": {"a": 1, "b": 2}, "extra": {"k": [null]}, "priority": 200, "weight": 0.5,
    "gift": false, "featured": null, "big": -5, "kind": "retail"})"));
}

TEST(SchemaEncode, ToJsonStringKeepsFieldOrder) {
  EXPECT_EQ(schema::to_json_string(UserRegister{"a@b.co", "pw", std::nullopt}),
            R"({"email":"a@b.co","password":"pw","full_name":null})");
  EXPECT_EQ(schema::to_json_string(Page<Item>{{Item{"x", 1}}, 1}),
            R"({"data":[{"name":"x","quantity":1}],"count":1})");
}

TEST(SchemaEncode, ScalarsAndContainers) {
  EXPECT_EQ(schema::encode(std::uint64_t{18446744073709551615u}), js("18446744073709551615"));
  EXPECT_EQ(schema::encode(std::vector<bool>{true, false}), js("[true, false]"));
  EXPECT_EQ(schema::encode(std::optional<int>{}), js("null"));
  EXPECT_EQ(schema::encode(std::numeric_limits<double>::infinity()), js("null"));
  EXPECT_EQ(schema::encode(static_cast<Status>(42)), js("42"));
}

TEST(SchemaEncode, DecodeOfEncodedIsTheSameValue) {
  TreeNode tree{"root", {TreeNode{"a", {}}, TreeNode{"b", {TreeNode{"c", {}}}}}};
  const auto back = schema::decode<TreeNode>(schema::encode(tree), {"body"});
  EXPECT_EQ(schema::encode(back), schema::encode(tree));
  ASSERT_EQ(back.children.size(), 2u);
  EXPECT_EQ(back.children[1].children[0].label, "c");
}

}  // namespace
}  // namespace tessera::test
