#pragma once
// The reason a decoder gives for refusing `text`, or "(no error)", so that tests compare
// whole messages.

#include <string>
#include <string_view>

#include "queue/message_error.hpp"

namespace tessera::queue {

template <typename Decode>
std::string decode_error(Decode decode, std::string_view text) {
  try {
    decode(text);
  } catch (const MessageError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace tessera::queue
