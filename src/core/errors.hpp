#pragma once
// Error types shared by every layer. The HTTP layer maps them to status codes.

#include <stdexcept>
#include <string>

namespace tessera::core {

// A dependency (PostgreSQL, Redis) cannot be reached now; the API answers 503 and the
// component reconnects by itself.
class UnavailableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tessera::core
