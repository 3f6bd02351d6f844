// JSON Schema of described structs, and the registry of named components.

#include <gtest/gtest.h>

#include "schema/schema.hpp"

#include "test_support.hpp"
#include "test_types.hpp"

namespace tessera::test {
namespace {

// A different type that claims a name already used.
struct Duplicate {
  int x = 0;
};
BOOST_DESCRIBE_STRUCT(Duplicate, (), (x))
constexpr auto schema_rules(const Duplicate*) {
  using namespace tessera::schema;
  return Rules{"Item"};
}

TEST(SchemaJsonSchema, DescribedStructIsAReferencedComponent) {
  schema::Registry registry;
  EXPECT_EQ(schema::schema_of<UserRegister>(registry),
            js(R"({"$ref": "#/components/schemas/UserRegister"})"));
  const auto* user = registry.find("UserRegister");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(boost::json::value(*user), js(R"({
    "type": "object", "title": "UserRegister",
    "properties": {
      "email": {"type": "string", "format": "email", "maxLength": 254, "title": "Email"},
      "password": {"type": "string", "minLength": 8, "maxLength": 128, "title": "Password"},
      "full_name": {"anyOf": [{"type": "string", "maxLength": 255}, {"type": "null"}],
                    "title": "Full Name", "description": "Shown to others", "default": null}
    },
    "required": ["email", "password"]})"));
}

TEST(SchemaJsonSchema, NestedStructWithEveryFieldType) {
  schema::Registry registry;
  schema::schema_of<Order>(registry);
  const auto order = boost::json::value(*registry.find("Order"));
  EXPECT_EQ(order.at("required"),
            js(R"(["id", "created_at", "items", "tags", "extra", "weight", "big"])"));
  const auto& p = order.at("properties");
  EXPECT_EQ(p.at("id"), js(R"({"type": "string", "format": "uuid", "title": "Id"})"));
  EXPECT_EQ(p.at("created_at"),
            js(R"({"type": "string", "format": "date-time", "title": "Created At"})"));
  EXPECT_EQ(p.at("items"), js(R"({"type": "array", "items": {"$ref": "#/components/schemas/Item"},
                                  "maxItems": 3, "title": "Items"})"));
  EXPECT_EQ(p.at("note"), js(R"({"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Note",
                                 "default": null})"));
  EXPECT_EQ(p.at("status"),
            js(R"({"type": "string", "enum": ["pending", "processing", "ready", "failed"],
                                   "title": "Status", "default": "pending"})"));
  EXPECT_EQ(p.at("tags"), js(R"({"type": "object", "additionalProperties": {"type": "integer"},
                                 "title": "Tags"})"));
  EXPECT_EQ(p.at("extra"), js(R"({"title": "Extra"})"));
  EXPECT_EQ(p.at("weight").at("exclusiveMinimum"), 0.0);
  EXPECT_EQ(p.at("weight").at("exclusiveMaximum"), 1000.5);
  EXPECT_EQ(p.at("gift"), js(R"({"type": "boolean", "title": "Gift", "description": "Wrap it",
                                 "default": false})"));
  EXPECT_EQ(p.at("featured"),
            js(R"({"anyOf": [{"$ref": "#/components/schemas/Item"}, {"type": "null"}],
                                     "title": "Featured", "default": null})"));
  EXPECT_EQ(p.at("kind"), js(R"({"type": "string", "enum": ["retail", "wholesale"], "title": "Kind",
                                 "default": "retail"})"));

  // The nested struct was added once, with its own constraints and defaults.
  EXPECT_EQ(boost::json::value(*registry.find("Item")), js(R"({
    "type": "object", "title": "Item",
    "properties": {
      "name": {"type": "string", "minLength": 1, "title": "Name"},
      "quantity": {"type": "integer", "minimum": 1, "maximum": 100, "title": "Quantity", "default": 1}
    },
    "required": ["name"]})"));
  EXPECT_EQ(registry.to_json().size(), 2u);
}

TEST(SchemaJsonSchema, InlineSchemasForNonStructs) {
  schema::Registry registry;
  EXPECT_EQ(schema::schema_of<std::vector<std::int32_t>>(registry),
            js(R"({"type": "array", "items": {"type": "integer"}})"));
  EXPECT_EQ(schema::schema_of<std::optional<core::Uuid>>(registry),
            js(R"({"anyOf": [{"type": "string", "format": "uuid"}, {"type": "null"}]})"));
  EXPECT_EQ(schema::schema_of<boost::json::value>(registry), js("{}"));
  EXPECT_EQ(schema::schema_of<std::vector<Item>>(registry),
            js(R"({"type": "array", "items": {"$ref": "#/components/schemas/Item"}})"));
  EXPECT_TRUE(registry.contains("Item"));
}

TEST(SchemaJsonSchema, NamesDerivedFromTypesIncludingTemplates) {
  schema::Registry registry;
  EXPECT_EQ(schema::schema_of<Page<Item>>(registry),
            js(R"({"$ref": "#/components/schemas/Page_Item_"})"));
  EXPECT_EQ(schema::component_name<Plain>(), "Plain");
  EXPECT_EQ(schema::component_name<Duplicate>(), "Item");
  EXPECT_EQ(schema::detail::component_name_from_type("a::b::Pair<a::X, std::vector<int> >"),
            "Pair_X_vector_int__");
  EXPECT_EQ(schema::detail::component_name_from_type("(anonymous namespace)::Local"), "Local");
}

TEST(SchemaJsonSchema, RecursiveTypesTerminate) {
  schema::Registry registry;
  schema::schema_of<TreeNode>(registry);
  EXPECT_EQ(registry.find("TreeNode")->at("properties").at("children"),
            js(R"({"type": "array", "items": {"$ref": "#/components/schemas/TreeNode"},
                   "title": "Children"})"));
}

TEST(SchemaJsonSchema, TwoTypesWithOneNameAreRefused) {
  schema::Registry registry;
  schema::schema_of<Item>(registry);
  schema::schema_of<Item>(registry);  // the same type again is fine
  EXPECT_THROW(schema::schema_of<Duplicate>(registry), std::logic_error);
}

TEST(SchemaJsonSchema, FieldsOfAQueryStruct) {
  schema::Registry registry;
  const auto fields = schema::fields_of<ListQuery>(registry);
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_EQ(fields[1].name, "limit");
  EXPECT_FALSE(fields[1].required);
  EXPECT_EQ(fields[1].description, "Page size");
  EXPECT_EQ(fields[1].schema, js(R"({"type": "integer", "minimum": 1, "maximum": 1000,
                                     "title": "Limit", "description": "Page size", "default": 100})"));
  EXPECT_EQ(fields[2].schema, js(R"({"type": "array", "items": {"type": "string"}, "title": "Tag",
                                     "default": []})"));
  const auto login = schema::fields_of<LoginForm>(registry);
  EXPECT_TRUE(login[0].required);
  EXPECT_FALSE(login[2].required);
}

TEST(SchemaJsonSchema, BuiltInErrorSchemas) {
  schema::Registry registry;
  EXPECT_EQ(registry.http_validation_error(),
            js(R"({"$ref": "#/components/schemas/HTTPValidationError"})"));
  EXPECT_EQ(registry.error_detail(), js(R"({"$ref": "#/components/schemas/ErrorDetail"})"));
  const auto components = boost::json::value(registry.to_json());
  EXPECT_EQ(components.at("HTTPValidationError").at("properties").at("detail").at("items"),
            js(R"({"$ref": "#/components/schemas/ValidationError"})"));
  EXPECT_EQ(components.at("ValidationError").at("required"), js(R"(["loc", "msg", "type"])"));
  EXPECT_EQ(components.at("ValidationError").at("properties").at("loc").at("items"),
            js(R"({"anyOf": [{"type": "string"}, {"type": "integer"}]})"));
  EXPECT_EQ(components.at("ErrorDetail"), js(R"({"type": "object", "title": "ErrorDetail",
      "properties": {"detail": {"type": "string", "title": "Detail"}}, "required": ["detail"]})"));
  // Components come out in alphabetical order.
  std::vector<std::string> names;
  for (const auto& entry : components.as_object()) names.emplace_back(entry.key());
  EXPECT_EQ(names,
            (std::vector<std::string>{"ErrorDetail", "HTTPValidationError", "ValidationError"}));
  EXPECT_EQ(schema::to_json_string(schema::ErrorDetail{"Not Found"}), R"({"detail":"Not Found"})");
}

}  // namespace
}  // namespace tessera::test
