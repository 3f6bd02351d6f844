#include "mail/header_encoding.hpp"

#include <algorithm>
#include <cstdint>

namespace tessera::mail {
namespace {

constexpr std::size_t max_line = 78;  // RFC 5322 2.1.1's recommended limit
// 42 bytes are 56 base64 characters: with "=?UTF-8?B?" and "?=" a 68-character word, so that
// even the first line ("Subject: " + word) stays within 78.
constexpr std::size_t bytes_per_word = 42;
constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Standard base64 with padding (RFC 4648 section 4), as the "B" encoding wants it.
void append_base64(std::string& out, std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 3; ++k)
      group = (group << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k)
      out += k <= n ? base64_alphabet[(group >> (18 - 6 * k)) & 0x3f] : '=';
  }
}

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool can_stay_plain(std::string_view text, std::size_t name_length) {
  if (name_length + 2 + text.size() > max_line) return false;
  if (text.find("=?") != std::string_view::npos) return false;  // a reader would decode it
  for (unsigned char c : text)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

}  // namespace

std::string encode_header_text(std::string_view text, std::size_t name_length) {
  if (can_stay_plain(text, name_length)) return std::string(text);
  std::string out;
  do {
    // A word ends before a continuation byte, so that no word holds half a character
    // (RFC 2047 section 5); invalid UTF-8 without a character boundary is cut anyway.
    std::size_t n = std::min(bytes_per_word, text.size());
    while (n > 0 && n < text.size() && is_continuation(text[n])) --n;
    if (n == 0) n = std::min(bytes_per_word, text.size());
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?";
    append_base64(out, text.substr(0, n));
    out += "?=";
    text.remove_prefix(n);
  } while (!text.empty());
  return out;
}

}  // namespace tessera::mail
