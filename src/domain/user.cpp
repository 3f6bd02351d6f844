#include "domain/user.hpp"

#include "core/ascii.hpp"

namespace tessera::domain {

std::string normalize_email(std::string_view email) {
  return core::ascii_lower(email);
}

User new_user(std::string_view email, std::string hashed_password,
              std::optional<std::string> full_name) {
  return User{.email = normalize_email(email),
              .hashed_password = std::move(hashed_password),
              .full_name = std::move(full_name)};
}

}  // namespace tessera::domain
