#pragma once
// Free text in a header field (the Subject), as RFC 2047 allows it: plain when it is short
// printable ASCII, else UTF-8 "encoded-words" that any mail reader decodes.

#include <cstddef>
#include <string>
#include <string_view>

namespace tessera::mail {

// The field's value as written after "<name>: ". Plain text when every byte is printable
// ASCII, the line stays within 78 characters and nothing looks like an encoded-word ("=?");
// otherwise "=?UTF-8?B?...?=" words of at most 75 characters, each holding whole UTF-8
// characters, folded onto continuation lines ("\r\n "). The caller refuses CR and LF first.
std::string encode_header_text(std::string_view text, std::size_t name_length);

}  // namespace tessera::mail
