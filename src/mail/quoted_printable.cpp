#include "mail/quoted_printable.hpp"

#include "core/hex.hpp"

namespace tessera::mail {
namespace {

// RFC 2045 6.7 (5): at most 76 characters per encoded line, the soft break's '=' included.
constexpr std::size_t max_line_before_soft_break = 75;
constexpr std::string_view hex_digits = "0123456789ABCDEF";

// Printable ASCII that stands for itself; space and tab do too, except at a line's end.
bool is_literal(unsigned char c) {
  return c >= 33 && c <= 126 && c != '=';
}

void append_escape(std::string& out, unsigned char c) {
  out += '=';
  out += hex_digits[c >> 4];
  out += hex_digits[c & 0x0f];
}

// Bytes of the UTF-8 character that starts at `i` (1 for anything that is not a lead byte
// followed by its continuation bytes), so that its escapes stay together.
std::size_t character_length(std::string_view line, std::size_t i) {
  const auto lead = static_cast<unsigned char>(line[i]);
  const std::size_t expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  std::size_t n = 1;
  while (n < expected && i + n < line.size() &&
         (static_cast<unsigned char>(line[i + n]) & 0xC0) == 0x80)
    ++n;
  return n;
}

void encode_line(std::string_view line, std::string& out) {
  std::size_t column = 0;
  std::string token;
  for (std::size_t i = 0; i < line.size();) {
    token.clear();
    const auto c = static_cast<unsigned char>(line[i]);
    const bool is_last = i + 1 == line.size();
    if (is_literal(c) || ((c == ' ' || c == '\t') && !is_last)) {
      token += static_cast<char>(c);
      ++i;
    } else {
      const std::size_t n = character_length(line, i);
      for (std::size_t k = 0; k < n; ++k)
        append_escape(token, static_cast<unsigned char>(line[i + k]));
      i += n;
    }
    if (column + token.size() > max_line_before_soft_break) {
      out += "=\r\n";
      column = 0;
    }
    out += token;
    column += token.size();
  }
}

}  // namespace

std::string quoted_printable_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t start = 0;
  while (true) {
    const std::size_t newline = text.find('\n', start);
    std::string_view line = text.substr(
        start, newline == std::string_view::npos ? std::string_view::npos : newline - start);
    if (newline != std::string_view::npos && line.ends_with('\r')) line.remove_suffix(1);
    encode_line(line, out);
    if (newline == std::string_view::npos) break;
    out += "\r\n";
    start = newline + 1;
  }
  return out;
}

std::string quoted_printable_decode(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '=') {
      out += encoded[i];
      continue;
    }
    const std::string_view rest = encoded.substr(i + 1);
    if (rest.starts_with("\r\n")) {
      i += 2;
    } else if (rest.starts_with('\n')) {
      i += 1;
    } else if (rest.size() >= 2 && core::hex_value(rest[0]) >= 0 && core::hex_value(rest[1]) >= 0) {
      out += static_cast<char>(core::hex_value(rest[0]) * 16 + core::hex_value(rest[1]));
      i += 2;
    } else {
      out += '=';
    }
  }
  return out;
}

}  // namespace tessera::mail
