#include "domain/user.hpp"

#include <algorithm>

namespace tessera::domain {

std::string normalize_email(std::string_view email) {
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

User new_user(std::string_view email, std::string hashed_password,
              std::optional<std::string> full_name) {
  return User{.email = normalize_email(email),
              .hashed_password = std::move(hashed_password),
              .full_name = std::move(full_name)};
}

}  // namespace tessera::domain
