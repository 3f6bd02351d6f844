#include "domain/user.hpp"

#include "core/email_address.hpp"

namespace tessera::domain {

User new_user(std::string_view email, std::string hashed_password,
              std::optional<std::string> full_name) {
  return User{.email = core::normalize_email(email),
              .hashed_password = std::move(hashed_password),
              .full_name = std::move(full_name)};
}

}  // namespace tessera::domain
