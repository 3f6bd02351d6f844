#include "security/sodium.hpp"

#include <stdexcept>

#include <sodium.h>

namespace tessera::security {

void ensure_sodium() {
  // A function-local static is initialised exactly once, even with concurrent callers; a
  // failure throws and leaves it uninitialised, so the next call tries again.
  static const bool initialised = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium: initialisation failed");
    return true;
  }();
  (void)initialised;
}

}  // namespace tessera::security
