#pragma once
// Base64 with the standard alphabet and padding (RFC 4648 section 4), as kombu encodes
// message bodies.

#include <optional>
#include <string>
#include <string_view>

namespace tessera::queue {

std::string base64_encode(std::string_view bytes);
// Strict: the length is a multiple of 4, only the alphabet and final '=' padding appear,
// and the unused bits of the last group are zero. Anything else gives nullopt.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace tessera::queue
