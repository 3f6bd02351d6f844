#pragma once
// The 10 000 most common passwords (SecLists' top 10 000 of Mark Burnett's ten million; see
// data/README.md), compiled into the binary. A password on the list falls to the first
// guesses of any dictionary attack, however it is hashed.

#include <cstddef>
#include <string_view>

namespace tessera::security {

// Whether `password` is on the list, ASCII letters compared without regard to case (the
// list is lower-case). Thread-safe; the first call parses the list.
bool is_common_password(std::string_view password);

// How many distinct entries the list has.
std::size_t common_password_count();

}  // namespace tessera::security
