#pragma once
// Request and response schemas of the Auth and Users routes (API.md, "Schemas" and
// "Validation rules"), each declared once: decoding, 422s, JSON and OpenAPI come from here.

#include <optional>
#include <string>

#include <boost/describe/class.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "domain/user.hpp"
#include "schema/schema.hpp"

namespace tessera::api {

struct UserPublic {
  core::Uuid id;
  std::string email;
  std::optional<std::string> full_name;
  bool is_active = true;
  bool is_superuser = false;
  bool email_verified = false;
  core::Timestamp created_at{};
};
BOOST_DESCRIBE_STRUCT(UserPublic, (),
                      (id, email, full_name, is_active, is_superuser, email_verified, created_at))

inline UserPublic to_public(const domain::User& user) {
  return UserPublic{user.id,           user.email,          user.full_name, user.is_active,
                    user.is_superuser, user.email_verified, user.created_at};
}

struct UserRegister {
  std::string email;
  std::string password;
  std::optional<std::string> full_name;
};
BOOST_DESCRIBE_STRUCT(UserRegister, (), (email, password, full_name))
constexpr auto schema_rules(const UserRegister*) {
  using namespace schema;
  return Rules{"UserRegister", field(&UserRegister::email, email_address()),
               field(&UserRegister::password, length(8, 128)),
               field(&UserRegister::full_name, max_length(255))};
}

struct Token {
  std::string access_token;
  std::string token_type = "bearer";
  long long expires_in = 0;
  std::string refresh_token;
};
BOOST_DESCRIBE_STRUCT(Token, (), (access_token, token_type, expires_in, refresh_token))

// OAuth2's password flow, as the docs page's Authorize button sends it.
struct LoginForm {
  std::string username;
  std::string password;
};
BOOST_DESCRIBE_STRUCT(LoginForm, (), (username, password))
constexpr auto schema_rules(const LoginForm*) {
  using namespace schema;
  return Rules{"LoginForm", field(&LoginForm::username, description("The account's email")),
               field(&LoginForm::password, max_length(1024))};
}

struct RefreshRequest {
  std::string refresh_token;
};
BOOST_DESCRIBE_STRUCT(RefreshRequest, (), (refresh_token))

struct TokenRequest {
  std::string token;
};
BOOST_DESCRIBE_STRUCT(TokenRequest, (), (token))

struct Message {
  std::string detail;
};
BOOST_DESCRIBE_STRUCT(Message, (), (detail))

}  // namespace tessera::api
