#pragma once
// libsodium must be initialised once before its random numbers or hashes are used.

namespace tessera::security {

// Initialises libsodium on the first call (thread-safe, cheap afterwards); throws
// std::runtime_error when it cannot (no usable random source).
void ensure_sodium();

}  // namespace tessera::security
