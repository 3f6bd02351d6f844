#pragma once
// Error types shared by every layer. The HTTP layer maps them to status codes.

#include <chrono>
#include <stdexcept>
#include <string>

namespace tessera::core {

// A dependency (PostgreSQL, Redis) cannot be reached now; the API answers 503 and the
// component reconnects by itself.
class UnavailableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The process has more work waiting than it takes on (a full CpuPool queue): refused at
// once, so that a burst costs its excess a quick 503 with Retry-After instead of making
// every request wait longer.
class OverloadedError : public std::runtime_error {
 public:
  explicit OverloadedError(const std::string& what,
                           std::chrono::seconds retry_after = std::chrono::seconds(1))
      : std::runtime_error(what), retry_after_(retry_after) {}

  std::chrono::seconds retry_after() const { return retry_after_; }

 private:
  std::chrono::seconds retry_after_;
};

}  // namespace tessera::core
