#pragma once
// Schemas shaped like the service's, used by the schema tests.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/describe.hpp>
#include <boost/json/value.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "schema/schema.hpp"

namespace tessera::test {

enum class Status { pending, processing, ready, failed };
BOOST_DESCRIBE_ENUM(Status, pending, processing, ready, failed)

struct UserRegister {
  std::string email;
  std::string password;
  std::optional<std::string> full_name;
};
BOOST_DESCRIBE_STRUCT(UserRegister, (), (email, password, full_name))
constexpr auto schema_rules(const UserRegister*) {
  using namespace tessera::schema;
  return Rules{"UserRegister", field(&UserRegister::email, email_address(), max_length(254)),
               field(&UserRegister::password, length(8, 128)),
               field(&UserRegister::full_name, max_length(255), description("Shown to others"))};
}

struct Item {
  std::string name;
  int quantity = 1;
};
BOOST_DESCRIBE_STRUCT(Item, (), (name, quantity))
constexpr auto schema_rules(const Item*) {
  using namespace tessera::schema;
  return Rules{field(&Item::name, min_length(1)),
               field(&Item::quantity, has_default(), ge(1), le(100))};
}

// Every supported field type at once.
struct Order {
  core::Uuid id;
  core::Timestamp created_at;
  std::vector<Item> items;
  std::optional<std::string> note;
  Status status = Status::pending;
  std::map<std::string, int> tags;
  boost::json::value extra;
  std::uint8_t priority = 0;
  double weight = 0;
  bool gift = false;
  std::optional<Item> featured;
  std::int64_t big = 0;
  std::string kind = "retail";
};
BOOST_DESCRIBE_STRUCT(Order, (),
                      (id, created_at, items, note, status, tags, extra, priority, weight, gift,
                       featured, big, kind))
constexpr auto schema_rules(const Order*) {
  using namespace tessera::schema;
  return Rules{field(&Order::items, max_length(3)),
               field(&Order::status, has_default()),
               field(&Order::priority, has_default()),
               field(&Order::weight, gt(0.0), lt(1000.5)),
               field(&Order::gift, has_default(), description("Wrap it")),
               field(&Order::kind, has_default(), one_of({"retail", "wholesale"}))};
}

// A struct without rules: every non-optional field is required.
struct Plain {
  std::string a;
  std::optional<int> b;
  std::vector<bool> flags;
};
BOOST_DESCRIBE_STRUCT(Plain, (), (a, b, flags))

struct ListQuery {
  std::int64_t skip = 0;
  std::int64_t limit = 100;
  std::vector<std::string> tag;
  std::optional<bool> active;
  std::optional<core::Uuid> owner;
};
BOOST_DESCRIBE_STRUCT(ListQuery, (), (skip, limit, tag, active, owner))
constexpr auto schema_rules(const ListQuery*) {
  using namespace tessera::schema;
  return Rules{field(&ListQuery::skip, has_default(), ge(0)),
               field(&ListQuery::limit, has_default(), ge(1), le(1000), description("Page size")),
               field(&ListQuery::tag, has_default())};
}

struct LoginForm {
  std::string username;
  std::string password;
  std::string scope;
};
BOOST_DESCRIBE_STRUCT(LoginForm, (), (username, password, scope))
constexpr auto schema_rules(const LoginForm*) {
  using namespace tessera::schema;
  return Rules{field(&LoginForm::scope, has_default())};
}

template <class T>
struct Page {
  std::vector<T> data;
  std::int64_t count = 0;
  BOOST_DESCRIBE_CLASS(Page, (), (data, count), (), ())
};

// A recursive type: its schema refers to itself.
struct TreeNode {
  std::string label;
  std::vector<TreeNode> children;
};
BOOST_DESCRIBE_STRUCT(TreeNode, (), (label, children))

// The minimal nested struct the fuzz target also decodes.
struct Base {
  std::int32_t version = 1;
};
BOOST_DESCRIBE_STRUCT(Base, (), (version))
struct Derived : Base {
  std::string tag;
};
BOOST_DESCRIBE_STRUCT(Derived, (Base), (tag))
constexpr auto schema_rules(const Derived*) {
  using namespace tessera::schema;
  return Rules{field(&Derived::version, has_default(), ge(1))};
}

}  // namespace tessera::test
