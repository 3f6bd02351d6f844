#pragma once
// Request and response schemas of the Auth and Users routes (API.md, "Schemas" and
// "Validation rules"), each declared once: decoding, 422s, JSON and OpenAPI come from here.

#include <optional>
#include <string>
#include <vector>

#include <boost/describe/class.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "domain/user.hpp"
#include "schema/schema.hpp"
#include "security/common_passwords.hpp"

namespace tessera::api {

// Every new password: 8..128 characters and not one of the 10 000 most common (API.md,
// "Validation rules"); no composition rules.
constexpr auto uncommon_password() {
  return schema::refuses(&security::is_common_password, "password_too_common",
                         "This password is too common; choose another one");
}

struct UserPublic {
  core::Uuid id;
  std::string email;
  std::optional<std::string> full_name;
  bool is_active = true;
  bool is_superuser = false;
  bool email_verified = false;
  bool two_factor_enabled = false;
  core::Timestamp created_at{};
};
BOOST_DESCRIBE_STRUCT(UserPublic, (),
                      (id, email, full_name, is_active, is_superuser, email_verified,
                       two_factor_enabled, created_at))

inline UserPublic to_public(const domain::User& user) {
  return UserPublic{user.id,
                    user.email,
                    user.full_name,
                    user.is_active,
                    user.is_superuser,
                    user.email_verified,
                    user.two_factor_enabled(),
                    user.created_at};
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
               field(&UserRegister::password, length(8, 128), uncommon_password()),
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

struct EmailRequest {
  std::string email;
};
BOOST_DESCRIBE_STRUCT(EmailRequest, (), (email))
constexpr auto schema_rules(const EmailRequest*) {
  using namespace schema;
  return Rules{"EmailRequest", field(&EmailRequest::email, email_address())};
}

struct NewPassword {
  std::string token;
  std::string new_password;
  std::optional<std::string> code;  // the second factor, when the user has it on
};
BOOST_DESCRIBE_STRUCT(NewPassword, (), (token, new_password, code))
constexpr auto schema_rules(const NewPassword*) {
  using namespace schema;
  return Rules{"NewPassword",
               field(&NewPassword::new_password, length(8, 128), uncommon_password()),
               field(&NewPassword::code, max_length(64))};
}

struct UpdatePassword {
  std::string current_password;
  std::string new_password;
};
BOOST_DESCRIBE_STRUCT(UpdatePassword, (), (current_password, new_password))
constexpr auto schema_rules(const UpdatePassword*) {
  using namespace schema;
  return Rules{"UpdatePassword", field(&UpdatePassword::current_password, max_length(1024)),
               field(&UpdatePassword::new_password, length(8, 128), uncommon_password())};
}

// PATCH /users/me: absent (or null) fields stay as they are.
struct UserUpdateMe {
  std::optional<std::string> full_name;
  std::optional<std::string> email;
};
BOOST_DESCRIBE_STRUCT(UserUpdateMe, (), (full_name, email))
constexpr auto schema_rules(const UserUpdateMe*) {
  using namespace schema;
  return Rules{"UserUpdateMe", field(&UserUpdateMe::full_name, max_length(255)),
               field(&UserUpdateMe::email, email_address())};
}

// POST /users/ (superuser).
struct UserCreate {
  std::string email;
  std::string password;
  std::optional<std::string> full_name;
  std::optional<bool> is_active;
  std::optional<bool> is_superuser;
  std::optional<bool> email_verified;
};
BOOST_DESCRIBE_STRUCT(UserCreate, (),
                      (email, password, full_name, is_active, is_superuser, email_verified))
constexpr auto schema_rules(const UserCreate*) {
  using namespace schema;
  return Rules{"UserCreate", field(&UserCreate::email, email_address()),
               field(&UserCreate::password, length(8, 128), uncommon_password()),
               field(&UserCreate::full_name, max_length(255))};
}

// PATCH /users/{id} (superuser): absent (or null) fields stay as they are.
struct UserUpdate {
  std::optional<std::string> email;
  std::optional<std::string> password;
  std::optional<std::string> full_name;
  std::optional<bool> is_active;
  std::optional<bool> is_superuser;
  std::optional<bool> two_factor_enabled;  // false turns it off
};
BOOST_DESCRIBE_STRUCT(UserUpdate, (),
                      (email, password, full_name, is_active, is_superuser, two_factor_enabled))
constexpr auto schema_rules(const UserUpdate*) {
  using namespace schema;
  return Rules{"UserUpdate", field(&UserUpdate::email, email_address()),
               field(&UserUpdate::password, length(8, 128), uncommon_password()),
               field(&UserUpdate::full_name, max_length(255))};
}

struct UsersPublic {
  std::vector<UserPublic> data;
  long long count = 0;
};
BOOST_DESCRIBE_STRUCT(UsersPublic, (), (data, count))

struct PageQuery {
  long long skip = 0;
  long long limit = 100;
};
BOOST_DESCRIBE_STRUCT(PageQuery, (), (skip, limit))
constexpr auto schema_rules(const PageQuery*) {
  using namespace schema;
  return Rules{"PageQuery", field(&PageQuery::skip, ge(0), has_default()),
               field(&PageQuery::limit, ge(1), le(1000), has_default())};
}

// Two-factor authentication (API.md, "Two-factor authentication").
struct PasswordRequest {
  std::string password;
};
BOOST_DESCRIBE_STRUCT(PasswordRequest, (), (password))
constexpr auto schema_rules(const PasswordRequest*) {
  using namespace schema;
  return Rules{"PasswordRequest", field(&PasswordRequest::password, max_length(1024))};
}

struct TwoFactorSetupPublic {
  std::string secret;
  std::string otpauth_uri;
  std::string qr_svg;
};
BOOST_DESCRIBE_STRUCT(TwoFactorSetupPublic, (), (secret, otpauth_uri, qr_svg))

struct CodeRequest {
  std::string code;
};
BOOST_DESCRIBE_STRUCT(CodeRequest, (), (code))
constexpr auto schema_rules(const CodeRequest*) {
  using namespace schema;
  return Rules{"CodeRequest", field(&CodeRequest::code, max_length(64))};
}

struct RecoveryCodes {
  std::vector<std::string> recovery_codes;
};
BOOST_DESCRIBE_STRUCT(RecoveryCodes, (), (recovery_codes))

struct TwoFactorDisable {
  std::string password;
  std::string code;
};
BOOST_DESCRIBE_STRUCT(TwoFactorDisable, (), (password, code))
constexpr auto schema_rules(const TwoFactorDisable*) {
  using namespace schema;
  return Rules{"TwoFactorDisable", field(&TwoFactorDisable::password, max_length(1024)),
               field(&TwoFactorDisable::code, max_length(64))};
}

struct SecondStepLogin {
  std::string mfa_token;
  std::string code;
};
BOOST_DESCRIBE_STRUCT(SecondStepLogin, (), (mfa_token, code))
constexpr auto schema_rules(const SecondStepLogin*) {
  using namespace schema;
  return Rules{"SecondStepLogin", field(&SecondStepLogin::mfa_token, max_length(256)),
               field(&SecondStepLogin::code, max_length(64))};
}

struct Message {
  std::string detail;
};
BOOST_DESCRIBE_STRUCT(Message, (), (detail))

}  // namespace tessera::api
