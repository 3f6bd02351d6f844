// The password rule of API.md ("Validation rules") on every schema that sets a password.

#include "api/account_schemas.hpp"

#include <string_view>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "schema/error.hpp"

namespace tessera::api {
namespace {

// The error items of decoding `body` as T; empty when it decodes.
template <class T>
boost::json::array errors_of(std::string_view body) {
  try {
    schema::decode_json<T>(body);
  } catch (const schema::ValidationError& e) {
    return e.to_json().at("detail").as_array();
  }
  return {};
}

template <class T>
void expect_too_common(std::string_view body, std::string_view field) {
  const auto items = errors_of<T>(body);
  ASSERT_EQ(items.size(), 1u) << body;
  EXPECT_EQ(items[0].at("type").as_string(), "password_too_common");
  EXPECT_EQ(items[0].at("loc"), boost::json::parse(R"(["body", ")" + std::string(field) + "\"]"));
  // A password never travels back in an error.
  EXPECT_FALSE(items[0].as_object().contains("input"));
}

TEST(AccountSchemas, CommonPasswordsAreRefusedWhereverAPasswordIsSet) {
  expect_too_common<UserRegister>(R"({"email": "a@b.co", "password": "password1"})", "password");
  expect_too_common<UserRegister>(R"({"email": "a@b.co", "password": "PassWord1"})", "password");
  expect_too_common<NewPassword>(R"({"token": "t", "new_password": "12345678"})", "new_password");
  expect_too_common<UpdatePassword>(R"({"current_password": "x", "new_password": "iloveyou"})",
                                    "new_password");
  expect_too_common<UserCreate>(R"({"email": "a@b.co", "password": "qwertyuiop"})", "password");
  expect_too_common<UserUpdate>(R"({"password": "baseball"})", "password");
}

TEST(AccountSchemas, UncommonPasswordsPass) {
  EXPECT_TRUE(
      errors_of<UserRegister>(R"({"email": "a@b.co", "password": "correct horse"})").empty());
  EXPECT_TRUE(errors_of<UserUpdate>(R"({"full_name": "x"})").empty());
}

TEST(AccountSchemas, LengthIsCheckedAsBefore) {
  const auto items = errors_of<UserRegister>(R"({"email": "a@b.co", "password": "zq"})");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("type").as_string(), "string_too_short");
}

}  // namespace
}  // namespace tessera::api
