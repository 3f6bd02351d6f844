#pragma once
// Quoted-printable (RFC 2045 section 6.7), the body encoding of our text and HTML parts:
// readable where the text is ASCII, safe for any byte, and never a line over 76 characters.

#include <string>
#include <string_view>

namespace tessera::mail {

// Line breaks ("\n" or "\r\n") become CRLF hard breaks; longer lines get soft breaks ("=" at
// the end) so that no encoded line exceeds 76 characters. '=', control characters, bytes
// above 127 and a space or tab at the end of a line are escaped as "=XX". An escape, or the
// escapes of one UTF-8 character, are never split across lines.
std::string quoted_printable_encode(std::string_view text);

// The inverse, for tests and tools that read messages back: soft breaks ("=\r\n" or "=\n")
// vanish, "=XX" becomes its byte (either case), and a malformed '=' is kept as it is.
std::string quoted_printable_decode(std::string_view encoded);

}  // namespace tessera::mail
