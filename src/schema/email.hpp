#pragma once
// Email address syntax, as the contract states it: one '@', a non-empty local part, a domain
// with a dot, no spaces, at most 254 characters.

#include <optional>
#include <string>
#include <string_view>

namespace tessera::schema {

// Why `address` is not acceptable (email-validator's wording), or nothing when it is.
std::optional<std::string> email_problem(std::string_view address);

}  // namespace tessera::schema
