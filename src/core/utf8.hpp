#pragma once
// UTF-8 well-formedness (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), for text that reaches JSON or a log line from outside.

#include <cstddef>
#include <string>
#include <string_view>

namespace tessera::core {

// Length of the well-formed sequence starting at text[i], or 0 when it is malformed.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

bool is_valid_utf8(std::string_view text);

// The text with each byte of a malformed sequence replaced by U+FFFD.
std::string repair_utf8(std::string text);

}  // namespace tessera::core
