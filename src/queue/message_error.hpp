#pragma once
// The error for a task message or result record that cannot be read: the text says which
// field is wrong and why, so a malformed message can be dead-lettered with a useful reason.

#include <stdexcept>

namespace tessera::queue {

class MessageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tessera::queue
