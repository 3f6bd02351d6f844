#pragma once
// The one normalisation of email addresses, applied to every address the server receives
// (the request schemas, the CLI) and stored as is: ASCII letters lower-cased, every other
// byte kept. The database compares the stored column exactly (no lower() with a locale), so
// an address that only looks like another (a Kelvin sign for a K) is another address
// everywhere: for the lookup, the unique index and the rate limits alike.

#include <string>
#include <string_view>

#include "core/ascii.hpp"

namespace tessera::core {

inline std::string normalize_email(std::string_view address) {
  return ascii_lower(address);
}

}  // namespace tessera::core
