#pragma once
// An account. Emails are kept normalised (core/email_address.hpp), unique as stored.

#include <optional>
#include <string>
#include <string_view>

#include <boost/describe/class.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"

namespace tessera::domain {

struct User {
  core::Uuid id;
  std::string email;
  std::string hashed_password;
  std::optional<std::string> full_name;
  bool is_active = true;
  bool is_superuser = false;
  bool email_verified = false;
  // The confirmed TOTP secret (base32) while two-factor authentication is on. Copies that
  // leave the database (the profile cache) carry an empty string instead: "on", no secret.
  std::optional<std::string> totp_secret;
  core::Timestamp created_at{};
  core::Timestamp updated_at{};

  bool two_factor_enabled() const { return totp_secret.has_value(); }
};
BOOST_DESCRIBE_STRUCT(User, (),
                      (id, email, hashed_password, full_name, is_active, is_superuser,
                       email_verified, totp_secret, created_at, updated_at))

// A change to a user: the set fields are written, the others stay as they are, so that two
// use cases changing different fields at once never undo each other.
struct UserPatch {
  std::optional<std::string> email;  // normalised
  std::optional<std::string> hashed_password;
  std::optional<std::optional<std::string>> full_name;
  std::optional<bool> is_active;
  std::optional<bool> is_superuser;
  std::optional<bool> email_verified;
  std::optional<std::optional<std::string>> totp_secret;  // nullopt inside: 2FA off
};
BOOST_DESCRIBE_STRUCT(UserPatch, (),
                      (email, hashed_password, full_name, is_active, is_superuser, email_verified,
                       totp_secret))

// A user about to be stored: active, not a superuser, email not verified yet. The id and the
// timestamps are given by the database.
User new_user(std::string_view email, std::string hashed_password,
              std::optional<std::string> full_name);

}  // namespace tessera::domain
